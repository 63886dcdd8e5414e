namespace QuickFix.Checkpoints.Layouts;

/// <summary>One safetensors file of a checkpoint and the tensors it holds, in state_dict order.</summary>
/// <param name="RelativePath">Path relative to the checkpoint root (<c>/</c>-separated).</param>
/// <param name="Tensors">The tensors, in the order the original code registers them.</param>
public sealed record CheckpointFile(string RelativePath, IReadOnlyList<TensorSpec> Tensors)
{
    /// <summary>Bytes of tensor data (the header not included).</summary>
    public long DataByteCount => Tensors.Sum(t => t.ByteCount);
}
