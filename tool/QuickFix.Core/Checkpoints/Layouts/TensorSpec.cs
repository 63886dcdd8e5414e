namespace QuickFix.Checkpoints.Layouts;

/// <summary>One tensor of a checkpoint file: its name as stored, its shape and its element type.</summary>
/// <param name="Name">The state_dict key, exactly as stored in the file.</param>
/// <param name="Shape">The stored shape.</param>
/// <param name="DType">The stored element type.</param>
public sealed record TensorSpec(string Name, TensorShape Shape, TensorDType DType)
{
    /// <summary>Bytes the tensor's data takes in a safetensors file.</summary>
    public long ByteCount => checked(Shape.ElementCount * ElementSize(DType));

    /// <summary>Bytes one element of <paramref name="dtype"/> takes.</summary>
    public static int ElementSize(TensorDType dtype) => dtype switch
    {
        TensorDType.F32 or TensorDType.I32 => 4,
        TensorDType.F16 or TensorDType.BF16 => 2,
        TensorDType.I64 => 8,
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "Unknown tensor dtype."),
    };

    /// <summary>The dtype a tensor of <paramref name="kind"/> is stored in when the checkpoint's floats are <paramref name="floatType"/>.</summary>
    public static TensorDType Resolve(TensorKind kind, TensorDType floatType) => kind switch
    {
        TensorKind.Floating => floatType is TensorDType.F32 or TensorDType.F16 or TensorDType.BF16
            ? floatType
            : throw new ArgumentOutOfRangeException(nameof(floatType), floatType, "A checkpoint's float dtype must be F32, F16 or BF16."),
        TensorKind.Index => TensorDType.I64,
        TensorKind.Counter => TensorDType.I32,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown tensor kind."),
    };
}
