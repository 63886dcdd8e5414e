using System.Runtime.InteropServices;
using QuickFix.Editing;
using QuickFix.Text;
using Xunit.Abstractions;

namespace QuickFix.Tests.Editing;

/// <summary>
/// The edit's two activation sources agree (C# layer 0 and the torch model), and streaming the pairs through the
/// accumulator gives the statistics of the materialized pairs.
/// </summary>
public sealed class FirstBlockAttentionTests(DiffQuickFixFixture fixture, ITestOutputHelper output) : IClassFixture<DiffQuickFixFixture>
{
    [Fact]
    public void The_CSharp_first_block_equals_the_torch_model_in_float64()
    {
        var tokenizer = fixture.Encoder.OpenTokenizer();
        string[] prompts = ["a painting in the style of Van Gogh", "Snoopy", "a photo of a dog on the beach at sunset, highly detailed"];
        var ids = prompts.Select(tokenizer.EncodePadded).ToArray();
        var tokens = ids.SelectMany(x => x).Distinct().Order().ToArray();
        var firsts = ids.Select(_ => 0).ToArray();
        using var csharp = FirstBlockAttention.Load(fixture.Encoder, tokens);
        using var torch = TorchAttentionContexts.Load(fixture.Encoder, 0, tokens);

        var actual = csharp.Contexts(ids, firsts, 2, CancellationToken.None);
        var expected = torch.Contexts(ids, firsts, 2, CancellationToken.None);

        for (var p = 0; p < prompts.Length; p++)
        {
            var error = DiffQuickFixFixture.RelativeError(actual[p], expected[p]);
            output.WriteLine($"{prompts[p]}: {error:E2}");
            Assert.InRange(error, 0, 1e-13);
        }

        // Asking again (rows now cached) or from a later first position gives the same bits where computed.
        var again = csharp.Contexts([ids[0]], [5], 1, CancellationToken.None)[0];
        Assert.Equal(Bits(actual[0].AsSpan(5 * csharp.Width)), Bits(again.AsSpan(5 * csharp.Width)));
        Assert.All(again.AsSpan(0, 5 * csharp.Width).ToArray(), x => Assert.Equal(0.0, x));
    }

    [Theory]
    [InlineData(TargetMode.BiasFree)]
    [InlineData(TargetMode.Reference)]
    public void Streamed_statistics_equal_the_sums_over_the_materialized_pairs(TargetMode mode)
    {
        var tokenizer = fixture.Encoder.OpenTokenizer();
        var options = new EditOptions { Targets = mode, Preserve = ["a photo of a cat"] };
        using var contexts = FirstBlockAttention.Load(fixture.Encoder, KeyValueCollector.TokensUsed(tokenizer, DiffQuickFixFixture.Edits, options));
        var weight = fixture.Encoder.Weights.ReadDoubles(DiffQuickFix.WeightName(0));
        var bias = fixture.Encoder.Weights.ReadDoubles("text_model.encoder.layers.0.self_attn.out_proj.bias");
        var set = KeyValueCollector.Collect(contexts, tokenizer, DiffQuickFixFixture.Edits, options, weight, bias, 2, null, CancellationToken.None);

        var accumulator = new StatisticsAccumulator(set.Width, weight, bias, 2);
        KeyValueCollector.Stream(contexts, tokenizer, DiffQuickFixFixture.Edits, options, weight, bias, accumulator.Add, 2, null, CancellationToken.None);
        var (m1, m2) = accumulator.Finish();

        var pairs = set.Pairs.Count;
        Assert.Equal(pairs, accumulator.Pairs);
        Assert.Equal(set.Pairs.Count(p => p.Edit < 0), accumulator.PairsOf(-1));
        Assert.Equal(Bits(SufficientStatistics.GramMatrix(set.Keys, set.Width, pairs, 1)), Bits(m2));
        var direct = SufficientStatistics.SumOfOuterProducts(set.Values, set.Width, set.Keys, set.Width, pairs, 1);
        var error = DiffQuickFixFixture.RelativeError(m1, direct);
        output.WriteLine($"{mode}: M1 (keys summed per value row) vs Σvkᵀ: {error:E2}");
        Assert.InRange(error, 0, 1e-13);
    }

    [Fact]
    public void Chunked_accumulation_continues_each_sum_bit_for_bit()
    {
        var random = new Random(11);
        const int width = 37, pairs = 301;
        var keys = Enumerable.Range(0, width * pairs).Select(_ => random.NextDouble() - 0.5).ToArray();
        var whole = SufficientStatistics.GramMatrix(keys, width, pairs, 1);

        var sums = new double[width * width];
        foreach (var (start, count) in new[] { (0, 1), (1, 150), (151, 7), (158, 143) })
        {
            SufficientStatistics.Accumulate(keys.AsSpan(start * width, count * width), width, keys.AsSpan(start * width, count * width), width, count, sums, upperOnly: true, 2);
        }

        SufficientStatistics.MirrorUpper(sums, width);
        Assert.Equal(Bits(whole), Bits(sums));
    }

    [Fact]
    public void An_edit_of_a_later_layer_runs_the_torch_model_up_to_that_layer()
    {
        var layer0 = fixture.BiasFree;
        var layer1 = DiffQuickFix.Compute(fixture.Encoder, DiffQuickFixFixture.Edits, new EditOptions { Layer = 1 });

        Assert.Equal(DiffQuickFix.WeightName(1), layer1.ModuleName);
        Assert.Equal(layer0.Statistics.PairsPerEdit, layer1.Statistics.PairsPerEdit);
        Assert.All(layer1.Weight.ToArray(), w => Assert.True(double.IsFinite(w)));
        Assert.All(layer1.Metrics.SubjectTokens, e => Assert.True(e.After < e.Before));
    }

    private static long[] Bits(ReadOnlySpan<double> values) => MemoryMarshal.Cast<double, long>(values).ToArray();
}
