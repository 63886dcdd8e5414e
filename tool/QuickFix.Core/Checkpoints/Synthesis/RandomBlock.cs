namespace QuickFix.Checkpoints.Synthesis;

/// <summary>
/// A contiguous run of a stored tensor's elements drawn from one random stream: a whole tensor, or one of the row blocks
/// of a fused tensor (OpenCLIP <c>in_proj_weight</c> = q | k | v), so that the same diffusers tensor gets the same values
/// in either layout.
/// </summary>
/// <param name="Key">The stream key (<see cref="CounterRandom.StreamKey"/>).</param>
/// <param name="Distribution">What the elements are drawn from.</param>
/// <param name="FirstElement">Index of the block's first element in the stored tensor.</param>
/// <param name="ElementCount">Number of elements in the block.</param>
/// <param name="TransposedRows">
/// 0 when stream element <c>i</c> is block element <c>i</c>; otherwise the stored tensor is the transpose of the
/// streamed <c>[columns, rows]</c> matrix and this is its row count (OpenCLIP <c>text_projection</c> is the transpose
/// of transformers' <c>text_projection.weight</c>).
/// </param>
internal sealed record RandomBlock(ulong Key, UniformDistribution Distribution, long FirstElement, long ElementCount, long TransposedRows = 0)
{
    /// <summary>Index, in the random stream, of stored element <paramref name="offset"/> of this block.</summary>
    public long StreamIndex(long offset)
    {
        if (TransposedRows == 0)
        {
            return offset;
        }

        // Stored [rows, columns] row-major; the stream is the [columns, rows] matrix row-major.
        var columns = ElementCount / TransposedRows;
        var (row, column) = Math.DivRem(offset, columns);
        return (column * TransposedRows) + row;
    }
}
