using QuickFix.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace QuickFix.Checkpoints;

/// <summary>Moves tensor bytes between safetensors files and TorchSharp tensors (little-endian, row-major).</summary>
public static class SafetensorsTorch
{
    /// <summary>The TorchSharp element type of a safetensors dtype.</summary>
    /// <exception cref="NotSupportedException">The dtype has no TorchSharp counterpart (sub-byte and 8-bit floats, unsigned wide ints).</exception>
    public static ScalarType ToScalarType(SafetensorsDType dtype) => dtype switch
    {
        SafetensorsDType.F64 => ScalarType.Float64,
        SafetensorsDType.F32 => ScalarType.Float32,
        SafetensorsDType.F16 => ScalarType.Float16,
        SafetensorsDType.BF16 => ScalarType.BFloat16,
        SafetensorsDType.I64 => ScalarType.Int64,
        SafetensorsDType.I32 => ScalarType.Int32,
        SafetensorsDType.I16 => ScalarType.Int16,
        SafetensorsDType.I8 => ScalarType.Int8,
        SafetensorsDType.U8 => ScalarType.Byte,
        SafetensorsDType.BOOL => ScalarType.Bool,
        _ => throw new NotSupportedException($"Safetensors dtype {dtype.ToName()} has no TorchSharp tensor type; it can be read as raw bytes only."),
    };

    /// <summary>The safetensors dtype of a TorchSharp element type.</summary>
    public static SafetensorsDType ToSafetensorsDType(ScalarType type) => type switch
    {
        ScalarType.Float64 => SafetensorsDType.F64,
        ScalarType.Float32 => SafetensorsDType.F32,
        ScalarType.Float16 => SafetensorsDType.F16,
        ScalarType.BFloat16 => SafetensorsDType.BF16,
        ScalarType.Int64 => SafetensorsDType.I64,
        ScalarType.Int32 => SafetensorsDType.I32,
        ScalarType.Int16 => SafetensorsDType.I16,
        ScalarType.Int8 => SafetensorsDType.I8,
        ScalarType.Byte => SafetensorsDType.U8,
        ScalarType.Bool => SafetensorsDType.BOOL,
        _ => throw new NotSupportedException($"TorchSharp type {type} has no safetensors dtype."),
    };

    /// <summary>Reads a whole tensor from <paramref name="file"/> into a new CPU tensor of its stored type.</summary>
    public static Tensor Read(SafetensorsFile file, TensorInfo tensor)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(tensor);
        return ReadRows(file, tensor, 0, tensor.Shape.Count == 0 ? 1 : tensor.Shape[0]);
    }

    /// <summary>
    /// Reads rows <c>[rowStart, rowStart + rowCount)</c> of a tensor (its first dimension): one contiguous ranged read,
    /// as needed for the q, k or v block of a fused <c>in_proj_weight</c>.
    /// </summary>
    public static Tensor ReadRows(SafetensorsFile file, TensorInfo tensor, long rowStart, long rowCount)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(tensor);
        TorchRuntime.EnsureLoaded();
        var rows = tensor.Shape.Count == 0 ? 1 : tensor.Shape[0];
        if (rowStart < 0 || rowCount < 0 || rowStart + rowCount > rows)
        {
            throw new ArgumentOutOfRangeException(nameof(rowStart), $"Rows [{rowStart}, {rowStart + rowCount}) lie outside {tensor.Name}'s {rows} rows.");
        }

        var rowBytes = rows == 0 ? 0 : tensor.ByteLength / rows;
        long[] shape = tensor.Shape.Count == 0 ? [] : [rowCount, .. tensor.Shape.Skip(1)];
        var result = torch.empty(shape, ToScalarType(tensor.DType));
        var byteCount = checked(rowCount * rowBytes);
        if (byteCount > 0)
        {
            // Tensor.bytes is a view of the CPU storage: read straight into it, with no intermediate managed copy
            // of multi-hundred-MB embeddings.
            file.ReadBytes(tensor, rowStart * rowBytes, result.bytes);
        }

        return result;
    }

    /// <summary>Copies a contiguous CPU tensor's bytes (in its own dtype) into a new array.</summary>
    public static byte[] ToBytes(Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        using var contiguous = tensor.cpu().contiguous();
        var length = checked((int)(contiguous.numel() * contiguous.element_size()));
        var bytes = new byte[length];
        contiguous.bytes.CopyTo(bytes);

        return bytes;
    }
}
