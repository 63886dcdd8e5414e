namespace QuickFix.Checkpoints;

/// <summary>One weights file in a <see cref="CheckpointSummary"/>.</summary>
/// <param name="Component">The component (<c>unet</c>, <c>text_encoder</c>, ..., or <c>all</c>).</param>
/// <param name="RelativePath">Path relative to the checkpoint.</param>
/// <param name="Size">File size in bytes.</param>
/// <param name="TensorCount">Tensors in the file.</param>
/// <param name="DTypes">Tensor count per dtype name.</param>
/// <param name="Metadata">The header's <c>__metadata__</c>.</param>
/// <param name="Hashes">Whole-file and tensor-bytes hashes, when asked for (this reads every byte).</param>
public sealed record ComponentFileSummary(
    string Component,
    string RelativePath,
    long Size,
    int TensorCount,
    IReadOnlyDictionary<string, int> DTypes,
    IReadOnlyDictionary<string, string> Metadata,
    FileHashes? Hashes);
