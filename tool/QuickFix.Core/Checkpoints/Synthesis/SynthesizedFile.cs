namespace QuickFix.Checkpoints.Synthesis;

/// <summary>One file a synthesis wrote.</summary>
/// <param name="RelativePath">
/// <c>/</c>-separated path relative to the output folder (diffusers) or to the folder holding the output file
/// (single file, so the file itself is its bare name and its tokenizer files are under the sidecar folder).
/// </param>
/// <param name="Hashes">Size and fingerprints; for safetensors files those <see cref="SafetensorsWriter.WriteFile"/> computed while writing.</param>
public sealed record SynthesizedFile(string RelativePath, FileHashes Hashes)
{
    /// <summary>File length in bytes.</summary>
    public long Size => Hashes.Size;

    /// <summary>Whether this is a weights file (<c>.safetensors</c>).</summary>
    public bool IsWeights => RelativePath.EndsWith(".safetensors", StringComparison.Ordinal);
}
