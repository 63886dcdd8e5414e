namespace QuickFix.Checkpoints.Layouts;

/// <summary>
/// One diffusers/transformers tensor and where its data lives in a single-file (LDM/sgm) checkpoint: rows
/// <c>[RowStart, RowStart + RowCount)</c> of file tensor <see cref="FileName"/> (rows = the outermost dimension).
/// Because safetensors stores tensors row-major, that row block is one contiguous byte range, so a reader can take
/// it without touching the rest (used for OpenCLIP's fused <c>in_proj_weight</c>, whose rows are q | k | v).
/// </summary>
/// <param name="DiffusersFile">The diffusers file the tensor belongs to, e.g. <c>unet/diffusion_pytorch_model.safetensors</c>.</param>
/// <param name="DiffusersName">The tensor's name in that file.</param>
/// <param name="DiffusersShape">The tensor's shape in that file.</param>
/// <param name="FileName">The single-file key holding the data.</param>
/// <param name="FileShape">The shape of the whole single-file tensor.</param>
/// <param name="RowStart">First row of the block (0 when the whole tensor is meant).</param>
/// <param name="RowCount">Number of rows in the block.</param>
/// <param name="Transform">How the row block becomes the diffusers tensor.</param>
/// <param name="Kind">Float or integer; floats take the checkpoint's dtype.</param>
/// <param name="OptionalGroup"><see cref="OptionalTensors.None"/> when always present, else the group it belongs to.</param>
public sealed record TensorMapping(
    string DiffusersFile,
    string DiffusersName,
    TensorShape DiffusersShape,
    string FileName,
    TensorShape FileShape,
    long RowStart,
    long RowCount,
    TensorTransform Transform,
    TensorKind Kind = TensorKind.Floating,
    OptionalTensors OptionalGroup = OptionalTensors.None)
{
    /// <summary>True when the diffusers tensor uses the whole file tensor rather than a row block of it.</summary>
    public bool IsWholeTensor => RowStart == 0 && RowCount == RowsOf(FileShape);

    /// <summary>Number of rows of <paramref name="shape"/> (1 for a scalar).</summary>
    internal static long RowsOf(TensorShape shape) => shape.Rank == 0 ? 1 : shape[0];
}
