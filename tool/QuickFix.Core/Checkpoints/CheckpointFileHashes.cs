namespace QuickFix.Checkpoints;

/// <summary>
/// The fingerprints the manifest records for one file (design.md "Manifest"). Digests are lowercase hex.
/// </summary>
/// <param name="Size">File length in bytes.</param>
/// <param name="Sha256">SHA-256 of the whole file.</param>
/// <param name="TensorDataSha256">
/// SHA-256 of everything after the safetensors header (the tensor bytes): the <c>modelspec.hash_sha256</c> convention,
/// which survives metadata-only changes. Null for files that are not safetensors.
/// </param>
/// <param name="XxHash128">XXH3 128-bit hash (seed 0) of the whole file, in canonical big-endian hex: a fast fingerprint.</param>
public sealed record CheckpointFileHashes(long Size, string Sha256, string? TensorDataSha256, string XxHash128);
