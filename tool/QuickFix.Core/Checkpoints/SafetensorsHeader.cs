namespace QuickFix.Checkpoints;

/// <summary>A validated safetensors header: its length, its <c>__metadata__</c> and its tensor entries.</summary>
/// <param name="HeaderLength"><c>N</c>: the byte length of the JSON header, padding included.</param>
/// <param name="Metadata">The <c>__metadata__</c> strings in header order; empty when the header has none.</param>
/// <param name="Tensors">The tensor entries, ordered by <see cref="TensorInfo.Begin"/>.</param>
public sealed record SafetensorsHeader(long HeaderLength, IReadOnlyDictionary<string, string> Metadata, IReadOnlyList<TensorInfo> Tensors)
{
    /// <summary>Offset of the data buffer from the start of the file: <c>8 + N</c>.</summary>
    public long DataOffset => SafetensorsHeaderParser.LengthPrefixSize + HeaderLength;
}
