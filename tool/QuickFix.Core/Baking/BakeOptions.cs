namespace QuickFix.Baking;

/// <summary>How <see cref="RecipeBaker.Bake"/> runs a recipe; what the recipe itself says is in the recipe.</summary>
/// <param name="OutputPath">Overrides the recipe's <c>output.path</c> (<c>apply --out</c>).</param>
/// <param name="Trace">False skips the causal-trace gate whatever <c>trace.mode</c> says (<c>--no-trace</c>).</param>
/// <param name="Images">False skips regenerating images (<c>--no-images</c>).</param>
/// <param name="AcceptSnapshots">Accept regenerated images as the verified snapshots (<c>--accept</c>).</param>
/// <param name="ReplayDelta">
/// An earlier bake's delta file (<c>--delta</c>): its edited tensors are written instead of solving again, after
/// checking that it was made from these very base files. Trace and images are skipped.
/// </param>
/// <param name="Force">
/// Replace an existing output that QuickFix.Build did not write (no manifest of its own; <c>--force</c>). The base
/// model is never replaced, forced or not.
/// </param>
/// <param name="LockTimeout">
/// How long to wait while another bake writes the same output (<c>--lock-timeout</c>); null:
/// <see cref="OutputLock.DefaultTimeout"/>, zero: fail at once.
/// </param>
/// <param name="Observer">Hears each step of replacing the output; a test seam (see <see cref="CommitObserver"/>).</param>
public sealed record BakeOptions(
    string? OutputPath = null,
    bool Trace = true,
    bool Images = true,
    bool AcceptSnapshots = false,
    string? ReplayDelta = null,
    bool Force = false,
    TimeSpan? LockTimeout = null,
    CommitObserver? Observer = null);
