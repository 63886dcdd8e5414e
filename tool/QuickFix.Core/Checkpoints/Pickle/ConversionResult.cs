namespace QuickFix.Checkpoints.Pickle;

/// <summary>What <see cref="CheckpointConverter.Convert"/> wrote.</summary>
/// <param name="InputPath">The pickle checkpoint (full path).</param>
/// <param name="OutputPath">The written <c>.safetensors</c> file (full path).</param>
/// <param name="Format"><c>zip</c> (torch.save since PyTorch 1.6) or <c>legacy</c> (older torch.save).</param>
/// <param name="TensorCount">Tensors written: every tensor of the state dict, views each as its own.</param>
/// <param name="SourceSha256">SHA-256 of the checkpoint file, also in the output's metadata.</param>
/// <param name="Output">The output's hashes, computed while it was written.</param>
/// <param name="Metadata">The output's <c>__metadata__</c>, in file order.</param>
/// <param name="Dropped">Entries of the checkpoint left out: training state (callbacks, optimizer states) and non-tensor values.</param>
public sealed record ConversionResult(
    string InputPath,
    string OutputPath,
    string Format,
    int TensorCount,
    string SourceSha256,
    FileHashes Output,
    IReadOnlyDictionary<string, string> Metadata,
    IReadOnlyList<string> Dropped);
