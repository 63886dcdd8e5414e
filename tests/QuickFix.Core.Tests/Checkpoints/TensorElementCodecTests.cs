using CsCheck;
using QuickFix.Checkpoints;

namespace QuickFix.Tests.Checkpoints;

public sealed class TensorElementCodecTests
{
    private const string OutProj = "text_model.encoder.layers.0.self_attn.out_proj.weight";

    [Fact]
    public void Encoding_the_f32_text_encoder_as_f16_gives_the_bytes_pytorch_wrote_into_ldm_tiny()
    {
        // reference README §3: the text weights inside ldm-tiny are the F16 rounding of clip-text's F32 weights.
        using var single = SafetensorsFile.Open(SharedData.Reference("clip-text", "text_encoder", "model.safetensors"));
        using var half = SafetensorsFile.Open(SharedData.Reference("ldm-tiny", "model.safetensors"));
        var values = new double[128 * 128];
        TensorElementCodec.Decode(single.ReadBytes(OutProj), SafetensorsDType.F32, values);
        var encoded = new byte[values.Length * 2];

        TensorElementCodec.Encode(values, SafetensorsDType.F16, encoded);

        Assert.Equal(-0.10678233206272125, values[0]);
        Assert.Equal(half.ReadBytes("cond_stage_model.transformer." + OutProj), encoded);
    }

    [Fact]
    public void Decodes_the_reference_input_ids()
    {
        using var file = SafetensorsFile.Open(SharedData.Reference("clip-text", "expected.safetensors"));
        var ids = new double[77];

        TensorElementCodec.Decode(file.ReadBytes("prompt.0.input_ids"), SafetensorsDType.I64, ids);

        Assert.Equal(49406, ids[0]);
        Assert.Equal(49407, ids[^1]);
    }

    // Doubles between two adjacent representable values, with the midpoint and values a hair off it, where rounding
    // twice (double -> float -> 16 bits) would go wrong.
    private static Gen<double> Between(Func<ushort, double> value, ushort maxFiniteBits) =>
        from bits in Gen.UShort[0, (ushort)(maxFiniteBits - 1)]
        from negative in Gen.Bool
        from fraction in Gen.OneOf(Gen.Const(0.5), Gen.Const(0.5 + Math.Pow(2, -40)), Gen.Const(0.5 - Math.Pow(2, -40)), Gen.Double[0, 1])
        let low = value(bits)
        let high = value((ushort)(bits + 1))
        select (negative ? -1 : 1) * (low + (fraction * (high - low)));

    private static double FromBFloat16(ushort bits) => BitConverter.Int32BitsToSingle(bits << 16);

    private static double FromHalf(ushort bits) => (double)BitConverter.UInt16BitsToHalf(bits);

    [Fact]
    public void Bfloat16_encoding_rounds_to_nearest_even_from_the_double()
    {
        Between(FromBFloat16, 0x7F7F).Sample(value => AssertNearestEven(value, SafetensorsDType.BF16, FromBFloat16), iter: 20_000);
    }

    [Fact]
    public void Float16_encoding_rounds_to_nearest_even_from_the_double()
    {
        Between(FromHalf, 0x7BFF).Sample(value => AssertNearestEven(value, SafetensorsDType.F16, FromHalf), iter: 20_000);
    }

    [Theory]
    [InlineData(double.PositiveInfinity, 0x7F80)]
    [InlineData(double.NegativeInfinity, 0xFF80)]
    [InlineData(1e39, 0x7F80)] // beyond float's range
    [InlineData(-1e-50, 0x8000)] // below the smallest subnormal: negative zero
    [InlineData(double.NaN, 0xFFC0)] // .NET's NaN has the sign bit set
    public void Bfloat16_encoding_handles_the_edges(double value, int expectedBits)
    {
        var bytes = new byte[2];

        TensorElementCodec.Encode([value], SafetensorsDType.BF16, bytes);

        Assert.Equal(expectedBits, BitConverter.ToUInt16(bytes));
    }

    [Fact]
    public void Rejects_mismatched_sizes_and_unsupported_dtypes()
    {
        Assert.Throws<ArgumentException>(() => TensorElementCodec.Decode(new byte[7], SafetensorsDType.F32, new double[2]));
        Assert.Throws<NotSupportedException>(() => TensorElementCodec.Encode([1.0], SafetensorsDType.I64, new byte[8]));
    }

    private static void AssertNearestEven(double value, SafetensorsDType dtype, Func<ushort, double> decode)
    {
        var bytes = new byte[2];
        TensorElementCodec.Encode([value], dtype, bytes);
        var bits = BitConverter.ToUInt16(bytes);
        var error = Math.Abs(decode(bits) - value);
        var sign = bits & 0x8000;
        var magnitude = bits & 0x7FFF;
        // The neighbours in magnitude on the value's side of zero (below magnitude 0 lies the other sign's, a mirror image).
        var neighbours = magnitude == 0 ? [(ushort)(sign | 1)] : new[] { (ushort)(sign | (magnitude - 1)), (ushort)(sign | (magnitude + 1)) };
        foreach (var neighbour in neighbours)
        {
            var neighbourError = Math.Abs(decode(neighbour) - value);
            Assert.True(
                error < neighbourError || (error == neighbourError && (bits & 1) == 0),
                $"{value:R} -> 0x{bits:X4} ({decode(bits):R}), but 0x{neighbour:X4} ({decode(neighbour):R}) is nearer or an even tie");
        }
    }
}
