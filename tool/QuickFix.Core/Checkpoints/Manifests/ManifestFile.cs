namespace QuickFix.Checkpoints.Manifests;

/// <summary>One hashed file.</summary>
/// <param name="Path">For outputs, relative to the manifest's folder; for base files, the full path.</param>
/// <param name="Size">Bytes.</param>
/// <param name="Sha256">SHA-256 of the whole file.</param>
/// <param name="TensorBytesSha256">SHA-256 of the bytes after the safetensors header (<c>modelspec.hash_sha256</c> convention).</param>
/// <param name="XxHash128">XxHash128 fingerprint of the whole file.</param>
/// <param name="Tensors">For safetensors outputs, one XxHash128 per tensor, so a mismatch can be traced to the tensor.</param>
public sealed record ManifestFile(
    string Path, long Size, string Sha256, string TensorBytesSha256, string XxHash128, IReadOnlyDictionary<string, string>? Tensors = null)
{
    /// <summary>The manifest entry of a file with these hashes (and tensor fingerprints, for safetensors files).</summary>
    public static ManifestFile Of(string path, FileHashes hashes, IReadOnlyDictionary<string, string>? tensors = null)
    {
        ArgumentNullException.ThrowIfNull(hashes);
        return new ManifestFile(path, hashes.Size, hashes.Sha256, hashes.TensorBytesSha256, hashes.XxHash128, tensors);
    }
}
