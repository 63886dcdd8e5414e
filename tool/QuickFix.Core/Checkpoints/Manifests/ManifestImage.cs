namespace QuickFix.Checkpoints.Manifests;

/// <summary>A regenerated image and its snapshot verdict.</summary>
/// <param name="Path">The image, relative to the manifest's folder.</param>
/// <param name="Sha256">SHA-256 of the PNG.</param>
/// <param name="Snapshot">matched, accepted, mismatch or missing.</param>
public sealed record ManifestImage(string Path, string Sha256, string Snapshot);
