using System.Runtime.InteropServices;
using System.Text.Json;
using QuickFix.Checkpoints;
using QuickFix.Editing;
using Xunit.Abstractions;

namespace QuickFix.Tests.Editing;

/// <summary>DIFF-QUICKFIX against the independent numpy float64 implementation of algorithm.md §1.8 (fixture README §2).</summary>
public sealed class DiffQuickFixReferenceTests(DiffQuickFixFixture fixture, ITestOutputHelper output) : IClassFixture<DiffQuickFixFixture>
{
    public static TheoryData<TargetMode> Modes() => [TargetMode.BiasFree, TargetMode.Reference];

    [Theory]
    [MemberData(nameof(Modes))]
    public void Pairs_keys_and_values_equal_the_fixture(TargetMode mode)
    {
        using var expected = SafetensorsFile.Open(DiffQuickFixFixture.ExpectedPath(mode));
        var set = Collect(mode);

        var pairs = DiffQuickFixFixture.ReadLongs(expected, "pairs");
        Assert.Equal(pairs.Length / 4, set.Pairs.Count);
        Assert.Equal(pairs, set.Pairs.SelectMany(p => new long[] { p.Edit, p.Template, p.KeyPosition, p.ValuePosition }));

        var keyError = DiffQuickFixFixture.RelativeError(set.Keys, DiffQuickFixFixture.ReadDoubles(expected, "keys"));
        var valueError = DiffQuickFixFixture.RelativeError(set.Values, DiffQuickFixFixture.ReadDoubles(expected, "values"));
        output.WriteLine($"{mode}: keys {keyError:E2}, values {valueError:E2}");
        Assert.InRange(keyError, 0, 1e-10);
        Assert.InRange(valueError, 0, 1e-10);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public void Statistics_and_the_float64_solution_equal_the_fixture(TargetMode mode)
    {
        using var expected = SafetensorsFile.Open(DiffQuickFixFixture.ExpectedPath(mode));
        var result = fixture.Result(mode);

        var m1 = DiffQuickFixFixture.RelativeError(result.Statistics.M1.Span, DiffQuickFixFixture.ReadDoubles(expected, "M1"));
        var m2 = DiffQuickFixFixture.RelativeError(result.Statistics.M2.Span, DiffQuickFixFixture.ReadDoubles(expected, "M2"));
        var w = DiffQuickFixFixture.RelativeError(result.Weight.Span, DiffQuickFixFixture.ReadDoubles(expected, "w_star_f64"));
        output.WriteLine($"{mode}: M1 {m1:E2}, M2 {m2:E2}, W* {w:E2}");
        Assert.InRange(m1, 0, 1e-10);
        Assert.InRange(m2, 0, 1e-10);
        Assert.InRange(w, 0, 1e-6); // README: a second float64 route lands 3.3e-11 away (condition number 4.2e6)
        Assert.Equal(128, result.Statistics.Width);
        Assert.Equal(586, result.Statistics.TotalPairs);
        Assert.Equal([291, 295], result.Statistics.PairsPerEdit);
        Assert.Equal(0, result.Statistics.PreservePairs);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public void The_rounded_weight_matches_the_stored_F32_weight_within_3_ulp(TargetMode mode)
    {
        using var expected = SafetensorsFile.Open(DiffQuickFixFixture.ExpectedPath(mode));
        var result = fixture.Result(mode);
        const string name = "text_model.encoder.layers.0.self_attn.out_proj.weight";

        Assert.Equal(name, result.ModuleName);
        Assert.Equal(name, result.Location.TensorName);
        Assert.Equal(SafetensorsDType.F32, result.Location.Info.DType);
        var actual = MemoryMarshal.Cast<byte, float>(result.EncodedWeight.Span);
        var reference = MemoryMarshal.Cast<byte, float>(expected.ReadBytes(name));
        Assert.Equal(reference.Length, actual.Length);

        // Two float64 solves of a system with condition number 4.2e6 differ by ~cond·ε (README: 3.3e-11 for its second
        // route; this Cholesky solve of the fixture's own M1, M2 lands 4.4e-11 from its LAPACK LU solve). Near zero an F32
        // ulp is smaller than that noise, so there the bound is absolute: 1e-10 of the largest element.
        var floor = 1e-10 * reference.ToArray().Max(Math.Abs);
        var differing = 0;
        long worst = 0;
        for (var i = 0; i < reference.Length; i++)
        {
            var ulps = Math.Abs((long)BitConverter.SingleToInt32Bits(actual[i]) - BitConverter.SingleToInt32Bits(reference[i]));
            Assert.True(
                ulps <= 3 || Math.Abs((double)actual[i] - reference[i]) <= floor,
                $"element {i}: {actual[i]:R} vs {reference[i]:R} ({ulps} ulp)");
            differing += ulps == 0 ? 0 : 1;
            worst = Math.Max(worst, ulps);
        }

        output.WriteLine($"{mode}: {differing} of {reference.Length} elements differ from the stored F32 weight, by at most {worst} ulp");
        Assert.InRange(differing, 0, reference.Length / 100);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public void Subject_token_errors_and_the_relative_change_equal_metrics_json(TargetMode mode)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(DiffQuickFixFixture.MetricsPath));
        var root = document.RootElement;
        var result = fixture.Result(mode);
        var modeKey = mode == TargetMode.BiasFree ? "biasfree" : "reference_mode";
        Assert.Equal(root.GetProperty(modeKey).GetProperty("rel_change_W").GetDouble(), result.Metrics.RelativeChange, 1e-9);

        var expected = root.GetProperty("subject_token_out_proj").EnumerateArray().ToList();
        Assert.Equal(expected.Count, result.Metrics.SubjectTokens.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            var reference = expected[i];
            var actual = result.Metrics.SubjectTokens[i];
            Assert.Equal(reference.GetProperty("edit").GetInt32(), actual.Edit);
            Assert.Equal(reference.GetProperty("anchor_text").GetString(), actual.AnchorPrompt);
            Assert.Equal(reference.GetProperty("target_text").GetString(), actual.TargetPrompt);
            Assert.Equal(reference.GetProperty("i_anchor").GetInt32(), actual.AnchorPosition);
            Assert.Equal(reference.GetProperty("i_target").GetInt32(), actual.TargetPosition);
            Assert.Equal(reference.GetProperty("before_rel_err").GetDouble(), actual.Before, 1e-6);
            var (after, afterWithBias) = mode == TargetMode.BiasFree
                ? ("after_biasfree_rel_err", "after_biasfree_with_bias_rel_err")
                : ("after_reference_mode_minus_b0_rel_err", "after_reference_mode_with_bias_rel_err");
            Assert.Equal(reference.GetProperty(after).GetDouble(), actual.After, 1e-6);
            Assert.Equal(reference.GetProperty(afterWithBias).GetDouble(), actual.AfterWithBias, 1e-6);
        }
    }

    [Fact]
    public void The_edit_is_bit_identical_for_one_and_several_threads()
    {
        var single = DiffQuickFix.ComputeWithParallelism(fixture.Encoder, DiffQuickFixFixture.Edits, new EditOptions(), null, 1, CancellationToken.None);

        Assert.Equal(fixture.BiasFree.EncodedWeight.ToArray(), single.EncodedWeight.ToArray());
        Assert.Equal(Bits(fixture.BiasFree.Weight.Span), Bits(single.Weight.Span));
        Assert.Equal(Bits(fixture.BiasFree.Statistics.M1.Span), Bits(single.Statistics.M1.Span));
        Assert.Equal(Bits(fixture.BiasFree.Statistics.M2.Span), Bits(single.Statistics.M2.Span));
    }

    private KeyValueSet Collect(TargetMode mode)
    {
        var encoder = fixture.Encoder;
        var tokenizer = encoder.OpenTokenizer();
        var options = new EditOptions { Targets = mode };
        using var contexts = FirstBlockAttention.Load(encoder, KeyValueCollector.TokensUsed(tokenizer, DiffQuickFixFixture.Edits, options));
        var weight = encoder.Weights.ReadDoubles(DiffQuickFix.WeightName(0));
        var bias = encoder.Weights.ReadDoubles("text_model.encoder.layers.0.self_attn.out_proj.bias");
        return KeyValueCollector.Collect(
            contexts, tokenizer, DiffQuickFixFixture.Edits, options, weight, bias, Environment.ProcessorCount, null, CancellationToken.None);
    }

    private static long[] Bits(ReadOnlySpan<double> values) => MemoryMarshal.Cast<double, long>(values).ToArray();
}
