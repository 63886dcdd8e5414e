namespace QuickFix.Checkpoints;

/// <summary>
/// Where a module tensor lives in a checkpoint: rows <c>[RowStart, RowStart + RowCount)</c> of tensor
/// <see cref="TensorName"/> in <see cref="File"/> (a fused OpenCLIP <c>in_proj_weight</c> holds q, k and v as row
/// blocks), stored transposed when <see cref="Transposed"/> (OpenCLIP's <c>text_projection</c>).
/// </summary>
/// <param name="File">The safetensors file holding the bytes.</param>
/// <param name="TensorName">The tensor's name in that file.</param>
/// <param name="RowStart">First row of the block.</param>
/// <param name="RowCount">Rows in the block.</param>
/// <param name="Transposed">Whether the file stores the transpose of the module tensor.</param>
public sealed record TensorLocation(SafetensorsFile File, string TensorName, long RowStart, long RowCount, bool Transposed)
{
    /// <summary>The file tensor's header entry.</summary>
    public TensorInfo Info => File[TensorName];

    /// <summary>True when the location is the whole file tensor, untransposed.</summary>
    public bool IsWholeTensor => !Transposed && RowStart == 0 && RowCount == (Info.Shape.Count == 0 ? 1 : Info.Shape[0]);

    /// <summary>The module tensor's shape.</summary>
    public IReadOnlyList<long> ModuleShape
    {
        get
        {
            var shape = Info.Shape;
            if (shape.Count == 0)
            {
                return shape;
            }

            long[] rows = [RowCount, .. shape.Skip(1)];
            return Transposed ? [.. rows.Reverse()] : rows;
        }
    }
}
