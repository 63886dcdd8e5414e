namespace QuickFix.Runtime;

/// <summary>How TorchSharp's native backend was loaded in this process.</summary>
/// <param name="Patched">True when a libstdc++-compatible copy of <c>libLibTorchSharp.so</c> was loaded.</param>
/// <param name="LibraryPath">The patched copy's path, when <paramref name="Patched"/> is true.</param>
public sealed record TorchRuntimeInfo(bool Patched, string? LibraryPath);
