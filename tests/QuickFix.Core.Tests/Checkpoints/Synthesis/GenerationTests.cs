using System.Security.Cryptography;
using CsCheck;
using QuickFix.Checkpoints;
using QuickFix.Checkpoints.Synthesis;

namespace QuickFix.Tests.Checkpoints.Synthesis;

public sealed class GenerationTests
{
    [Fact]
    public void The_counter_based_stream_is_splitmix64_keyed_by_xxhash64_of_the_name()
    {
        // SplitMix64 seeded with 0 starts 0xE220A8397B1DCDAF, 0x6E789E6AA1B965F4 (Vigna's reference splitmix64.c).
        Assert.Equal(0xE220A8397B1DCDAFUL, CounterRandom.Bits(0, 0));
        Assert.Equal(0x6E789E6AA1B965F4UL, CounterRandom.Bits(0, 1));
        Assert.Equal(System.IO.Hashing.XxHash64.HashToUInt64("unet/conv_in.weight"u8, 42), CounterRandom.StreamKey(42, "unet/conv_in.weight"));
        Assert.NotEqual(CounterRandom.StreamKey(42, "unet/conv_in.weight"), CounterRandom.StreamKey(43, "unet/conv_in.weight"));
    }

    [Fact]
    public void Filling_a_range_gives_the_elements_computed_one_by_one()
    {
        var distribution = UniformDistribution.WithStandardDeviation(0.5, 0.1);
        Gen.Select(Gen.ULong, Gen.Long[0, long.MaxValue / 2], Gen.Int[0, 300]).Sample((key, first, count) =>
        {
            var filled = new double[count];
            CounterRandom.Fill(key, first, distribution, filled);
            for (var i = 0; i < count; i++)
            {
                var expected = distribution.At(CounterRandom.SignedUnit(key, first + i));
                if (filled[i] != expected)
                {
                    return false;
                }
            }

            return true;
        }, iter: 2_000);
    }

    [Fact]
    public void Signed_units_stay_in_minus_one_to_one()
    {
        Gen.Select(Gen.ULong, Gen.Long[0, long.MaxValue]).Sample((key, index) => CounterRandom.SignedUnit(key, index) is >= -1.0 and < 1.0, iter: 20_000);
    }

    [Theory]
    [InlineData(SafetensorsDType.F32)]
    [InlineData(SafetensorsDType.F16)]
    [InlineData(SafetensorsDType.BF16)]
    public void The_fast_encoder_writes_the_codec_s_bytes_for_any_double(SafetensorsDType dtype)
    {
        // Random bit patterns cover zeros, subnormals, overflow to infinity and NaNs; scaled values cover ordinary weights.
        var anyDouble = Gen.ULong.Select(BitConverter.UInt64BitsToDouble);
        var weightLike = Gen.Double[-4, 4].Select(Gen.Int[-30, 30], (value, exponent) => Math.ScaleB(value, exponent));
        Gen.OneOf(anyDouble, weightLike).Array[1, 64].Sample(values =>
        {
            var size = dtype.BitSize() / 8;
            var expected = new byte[values.Length * size];
            var actual = new byte[values.Length * size];
            TensorElementCodec.Encode(values, dtype, expected);
            FloatEncoder.Encode(values, dtype, actual);
            return expected.AsSpan().SequenceEqual(actual);
        }, iter: 20_000);
    }

    [Theory]
    [InlineData(SafetensorsDType.F16)]
    [InlineData(SafetensorsDType.BF16)]
    public void The_fast_encoder_rounds_ties_to_even_and_carries_into_the_exponent(SafetensorsDType dtype)
    {
        double[] values = dtype == SafetensorsDType.F16
            ? [1 + Math.Pow(2, -11), 1 + (3 * Math.Pow(2, -11)), 2 - Math.Pow(2, -12), 65520, 65519.99, -0.0, 1e-6]
            : [1 + Math.Pow(2, -8), 1 + (3 * Math.Pow(2, -8)), 2 - Math.Pow(2, -9), 3.3961775292e38, -1e-40];
        var expected = new byte[values.Length * 2];
        var actual = new byte[values.Length * 2];

        TensorElementCodec.Encode(values, dtype, expected);
        FloatEncoder.Encode(values, dtype, actual);

        Assert.Equal(expected, actual);
    }

    [Theory]
    [InlineData(SafetensorsDType.F32)]
    [InlineData(SafetensorsDType.BF16)]
    public void Tensor_bytes_do_not_depend_on_the_degree_of_parallelism(SafetensorsDType dtype)
    {
        // 1.3 M elements: several parallel chunks and batches, and a partial last chunk.
        const long count = (20L << 16) + 12_345;
        var values = new RandomTensorValues(
        [
            new RandomBlock(CounterRandom.StreamKey(1, "a"), UniformDistribution.WithStandardDeviation(0, 0.05), 0, count / 2),
            new RandomBlock(CounterRandom.StreamKey(1, "b"), UniformDistribution.WithStandardDeviation(1, 0.02), count / 2, count - (count / 2)),
        ]);
        var direct = new double[count];
        values.Fill(0, direct);
        var expected = new byte[count * (dtype.BitSize() / 8)];
        TensorElementCodec.Encode(direct, dtype, expected);

        foreach (var parallelism in new[] { 1, 2, 3 })
        {
            using var stream = new MemoryStream();
            new TensorDataWriter(parallelism, _ => { }, CancellationToken.None).Write(stream, values, dtype, count);
            Assert.Equal(Convert.ToHexString(SHA256.HashData(expected)), Convert.ToHexString(SHA256.HashData(stream.ToArray())));
        }
    }

    [Fact]
    public void A_transposed_block_stores_the_transpose_of_its_stream()
    {
        // Stored [3, 2] = transpose of the streamed [2, 3] matrix.
        var key = CounterRandom.StreamKey(5, "text_encoder_2/text_projection.weight");
        var distribution = UniformDistribution.WithStandardDeviation(0, 1);
        var stored = new double[6];
        new RandomTensorValues([new RandomBlock(key, distribution, 0, 6, TransposedRows: 3)]).Fill(0, stored);

        for (var row = 0; row < 3; row++)
        {
            for (var column = 0; column < 2; column++)
            {
                Assert.Equal(distribution.At(CounterRandom.SignedUnit(key, (column * 3) + row)), stored[(row * 2) + column]);
            }
        }
    }

    [Fact]
    public void Cancelling_stops_a_tensor_between_batches()
    {
        using var cancellation = new CancellationTokenSource();
        var values = new RandomTensorValues([new RandomBlock(1, new UniformDistribution(0, 1), 0, 50L << 16)]);
        var writer = new TensorDataWriter(2, _ => cancellation.Cancel(), cancellation.Token);
        using var stream = new MemoryStream();

        Assert.ThrowsAny<OperationCanceledException>(() => writer.Write(stream, values, SafetensorsDType.F32, 50L << 16));
        Assert.True(stream.Length < (50L << 16) * 4);
    }
}
