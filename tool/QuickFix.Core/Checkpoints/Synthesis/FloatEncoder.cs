using System.Runtime.InteropServices;

namespace QuickFix.Checkpoints.Synthesis;

/// <summary>
/// The fast path of <see cref="TensorElementCodec.Encode"/> for F32, F16 and BF16, with the same results (round to
/// nearest even, once, from the double): F16 and BF16 are rounded on the double's bits directly, which is exact for
/// results in the target's normal range; zeros, subnormals, infinities and NaNs go through the codec. The codec's
/// generic loop (a dtype switch and a software Half conversion per element) was the bottleneck of synthesizing
/// gigabyte checkpoints.
/// </summary>
internal static class FloatEncoder
{
    private const int DoubleExponentBias = 1023;

    /// <summary>Whether <see cref="Encode"/> has a fast path for <paramref name="dtype"/> on this machine.</summary>
    public static bool IsFast(SafetensorsDType dtype) =>
        BitConverter.IsLittleEndian && dtype is SafetensorsDType.F32 or SafetensorsDType.F16 or SafetensorsDType.BF16;

    /// <summary>Encodes <paramref name="source"/> as <paramref name="dtype"/> into <paramref name="destination"/>, exactly as the codec does.</summary>
    public static void Encode(ReadOnlySpan<double> source, SafetensorsDType dtype, Span<byte> destination)
    {
        if (!IsFast(dtype))
        {
            TensorElementCodec.Encode(source, dtype, destination);
            return;
        }

        if (destination.Length != source.Length * (dtype.BitSize() / 8))
        {
            throw new ArgumentException($"{source.Length} {dtype} elements do not fill {destination.Length} bytes.", nameof(destination));
        }

        switch (dtype)
        {
            case SafetensorsDType.F32:
                var singles = MemoryMarshal.Cast<byte, float>(destination);
                for (var i = 0; i < source.Length; i++)
                {
                    singles[i] = (float)source[i]; // IEEE conversion: nearest even, once
                }

                break;
            case SafetensorsDType.F16:
                RoundToHalfWidth(source, MemoryMarshal.Cast<byte, ushort>(destination), mantissaBits: 10, exponentBias: 15, SafetensorsDType.F16);
                break;
            default:
                RoundToHalfWidth(source, MemoryMarshal.Cast<byte, ushort>(destination), mantissaBits: 7, exponentBias: 127, SafetensorsDType.BF16);
                break;
        }
    }

    /// <summary>
    /// Rounds each double to a 16-bit float with 1 sign bit, <c>15 - mantissaBits</c> exponent bits and
    /// <paramref name="mantissaBits"/> mantissa bits: adding half an output ulp minus one, plus the kept lowest bit
    /// (ties to even), to the double's bits rounds its mantissa, and a carry into the exponent is the correct rounding
    /// up (to infinity past the largest finite value).
    /// </summary>
    private static void RoundToHalfWidth(ReadOnlySpan<double> source, Span<ushort> destination, int mantissaBits, int exponentBias,
        SafetensorsDType dtype)
    {
        var dropped = 52 - mantissaBits;
        var halfUlpMinusOne = (1UL << (dropped - 1)) - 1;
        var maxExponent = (1 << (15 - mantissaBits)) - 2; // the largest finite biased exponent
        for (var i = 0; i < source.Length; i++)
        {
            var bits = BitConverter.DoubleToUInt64Bits(source[i]);
            var exponent = (int)((bits >> 52) & 0x7FF) - DoubleExponentBias + exponentBias;
            if (exponent < 1 || exponent > maxExponent)
            {
                TensorElementCodec.Encode(source.Slice(i, 1), dtype, MemoryMarshal.AsBytes(destination.Slice(i, 1)));
                continue;
            }

            var sign = (ushort)((bits >> 48) & 0x8000);
            var magnitude = bits & 0x7FFF_FFFF_FFFF_FFFF;
            var rounded = magnitude + halfUlpMinusOne + ((magnitude >> dropped) & 1);

            // Rebias the exponent in place: the (rounded) magnitude minus the bias difference, then keep the top bits.
            var rebiased = rounded - ((ulong)(DoubleExponentBias - exponentBias) << 52);
            destination[i] = (ushort)(sign | (ushort)(rebiased >> dropped));
        }
    }
}
