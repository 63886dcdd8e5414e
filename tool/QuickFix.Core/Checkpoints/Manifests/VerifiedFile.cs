namespace QuickFix.Checkpoints.Manifests;

/// <summary>One file's verification.</summary>
/// <param name="Path">Relative to the manifest's folder.</param>
/// <param name="Status">The verdict.</param>
/// <param name="Actual">The hashes found, when the file exists.</param>
/// <param name="ChangedTensors">For a mismatching safetensors file, the tensors whose bytes differ from the manifest's fingerprints.</param>
public sealed record VerifiedFile(string Path, VerifyStatus Status, ManifestFile? Actual, IReadOnlyList<string>? ChangedTensors = null);
