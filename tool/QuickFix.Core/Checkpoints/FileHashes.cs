namespace QuickFix.Checkpoints;

/// <summary>The fingerprints the manifest records for one file (design.md "Manifest"). Digests are lowercase hex.</summary>
/// <param name="Size">File length in bytes.</param>
/// <param name="Sha256">SHA-256 of the whole file.</param>
/// <param name="TensorBytesSha256">
/// SHA-256 of the bytes after the header (the tensor data): the <c>modelspec.hash_sha256</c> convention, unchanged by
/// metadata-only edits. For a file hashed with data offset 0 (not safetensors) it equals <see cref="Sha256"/>.
/// </param>
/// <param name="XxHash128">XXH3 128-bit hash (seed 0) of the whole file in canonical big-endian hex: a fast fingerprint.</param>
public sealed record FileHashes(long Size, string Sha256, string TensorBytesSha256, string XxHash128);
