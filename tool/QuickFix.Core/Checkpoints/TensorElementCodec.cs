using System.Buffers.Binary;

namespace QuickFix.Checkpoints;

/// <summary>
/// Converts raw little-endian tensor bytes to and from <see cref="double"/>, so that the edit can compute in float64
/// and "round once to the checkpoint dtype" (design.md "Reproducible"). Encoding rounds to nearest, ties to even,
/// directly from the double (no float detour that could round twice).
/// </summary>
public static class TensorElementCodec
{
    /// <summary>Whether <see cref="Decode"/> reads <paramref name="dtype"/>: F64, F32, F16, BF16, I64, I32, I16, I8, U8, BOOL.</summary>
    public static bool CanDecode(SafetensorsDType dtype) => dtype is SafetensorsDType.F64 or SafetensorsDType.F32
        or SafetensorsDType.F16 or SafetensorsDType.BF16 or SafetensorsDType.I64 or SafetensorsDType.I32
        or SafetensorsDType.I16 or SafetensorsDType.I8 or SafetensorsDType.U8 or SafetensorsDType.BOOL;

    /// <summary>Whether <see cref="Encode"/> writes <paramref name="dtype"/>: the floating types F64, F32, F16, BF16.</summary>
    public static bool CanEncode(SafetensorsDType dtype) =>
        dtype is SafetensorsDType.F64 or SafetensorsDType.F32 or SafetensorsDType.F16 or SafetensorsDType.BF16;

    /// <summary>Decodes <paramref name="destination"/>.Length elements of <paramref name="dtype"/> from <paramref name="source"/> (exact for all but I64 beyond 2^53).</summary>
    /// <exception cref="ArgumentException">Sizes disagree.</exception>
    /// <exception cref="NotSupportedException">See <see cref="CanDecode"/>.</exception>
    public static void Decode(ReadOnlySpan<byte> source, SafetensorsDType dtype, Span<double> destination)
    {
        var size = ElementSize(dtype, CanDecode(dtype), nameof(Decode));
        ThrowIfSizesDisagree(source.Length, destination.Length, size, nameof(source));
        for (var i = 0; i < destination.Length; i++)
        {
            var bytes = source.Slice(i * size, size);
            destination[i] = dtype switch
            {
                SafetensorsDType.F64 => BinaryPrimitives.ReadDoubleLittleEndian(bytes),
                SafetensorsDType.F32 => BinaryPrimitives.ReadSingleLittleEndian(bytes),
                SafetensorsDType.F16 => (double)BinaryPrimitives.ReadHalfLittleEndian(bytes),
                SafetensorsDType.BF16 => BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadUInt16LittleEndian(bytes) << 16),
                SafetensorsDType.I64 => BinaryPrimitives.ReadInt64LittleEndian(bytes),
                SafetensorsDType.I32 => BinaryPrimitives.ReadInt32LittleEndian(bytes),
                SafetensorsDType.I16 => BinaryPrimitives.ReadInt16LittleEndian(bytes),
                SafetensorsDType.I8 => (sbyte)bytes[0],
                _ => bytes[0], // U8, BOOL
            };
        }
    }

    /// <summary>Encodes <paramref name="source"/> as <paramref name="dtype"/> into <paramref name="destination"/>, rounding once.</summary>
    /// <exception cref="ArgumentException">Sizes disagree.</exception>
    /// <exception cref="NotSupportedException">See <see cref="CanEncode"/>.</exception>
    public static void Encode(ReadOnlySpan<double> source, SafetensorsDType dtype, Span<byte> destination)
    {
        var size = ElementSize(dtype, CanEncode(dtype), nameof(Encode));
        ThrowIfSizesDisagree(destination.Length, source.Length, size, nameof(destination));
        for (var i = 0; i < source.Length; i++)
        {
            var bytes = destination.Slice(i * size, size);
            switch (dtype)
            {
                case SafetensorsDType.F64:
                    BinaryPrimitives.WriteDoubleLittleEndian(bytes, source[i]);
                    break;
                case SafetensorsDType.F32:
                    BinaryPrimitives.WriteSingleLittleEndian(bytes, (float)source[i]);
                    break;
                case SafetensorsDType.F16:
                    BinaryPrimitives.WriteHalfLittleEndian(bytes, (Half)source[i]); // .NET converts double to Half directly, once
                    break;
                default:
                    BinaryPrimitives.WriteUInt16LittleEndian(bytes, ToBFloat16(source[i]));
                    break;
            }
        }
    }

    /// <summary>
    /// double to bfloat16, nearest-even, rounding once: first to float with round-to-odd (exact or odd last bit), which
    /// keeps enough information that the float-to-bfloat16 nearest-even step gives the directly rounded result.
    /// </summary>
    private static ushort ToBFloat16(double value)
    {
        if (double.IsNaN(value))
        {
            return (ushort)(BitConverter.DoubleToInt64Bits(value) < 0 ? 0xFFC0 : 0x7FC0); // quiet NaN, sign kept
        }

        var single = (float)value;
        var bits = BitConverter.SingleToUInt32Bits(single);
        if (single != value && (bits & 1) == 0)
        {
            // Nearest-even landed on an even neighbour; round-to-odd takes the other one, which lies on d's side.
            bits = Math.Abs((double)single) > Math.Abs(value) ? bits - 1 : bits + 1;
        }

        // Nearest-even to the upper 16 bits; a carry into the exponent is the correct rounding up (to infinity at the top).
        var rounded = bits + 0x7FFF + ((bits >> 16) & 1);
        return (ushort)(rounded >> 16);
    }

    private static int ElementSize(SafetensorsDType dtype, bool supported, string operation) => supported
        ? dtype.BitSize() / 8
        : throw new NotSupportedException($"{operation} does not handle {dtype} tensors.");

    private static void ThrowIfSizesDisagree(long byteLength, int elementCount, int size, string parameterName)
    {
        if (byteLength != (long)elementCount * size)
        {
            throw new ArgumentException($"{elementCount} elements of {size} bytes need {(long)elementCount * size} bytes, not {byteLength}.", parameterName);
        }
    }
}
