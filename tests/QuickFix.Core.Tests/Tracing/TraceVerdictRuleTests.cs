using QuickFix.Tracing;

namespace QuickFix.Tests.Tracing;

/// <summary>The verdict rule on hand-made effects.</summary>
public sealed class TraceVerdictRuleTests
{
    private static TraceEffect[] Effects(params (double? Residual, double? Attention, double? Mlp)[] layers) =>
    [
        .. layers.SelectMany((e, l) => new[]
        {
            new TraceEffect(l, TraceComponent.ResidualStream, e.Residual, 0, 0, 0),
            new TraceEffect(l, TraceComponent.SelfAttention, e.Attention, 0, 0, 0),
            new TraceEffect(l, TraceComponent.Mlp, e.Mlp, 0, 0, 0),
        }),
    ];

    [Fact]
    public void First_rank_above_the_threshold_confirms_and_the_residual_stream_does_not_compete()
    {
        var verdict = TraceVerdictRule.Default.Evaluate(Effects((1.0, 0.8, 0.1), (1.0, 0.2, 0.3)), layer: 0);

        Assert.True(verdict.Confirmed);
        Assert.Equal((0.8, 1, 4, 0.5), (verdict.Effect, verdict.Rank, verdict.Candidates, verdict.Threshold));
        Assert.Equal((0, TraceComponent.SelfAttention, 0.8), (verdict.BestLayer, verdict.BestComponent, verdict.BestEffect));
    }

    [Fact]
    public void Another_first_component_refutes_with_its_rank()
    {
        var verdict = TraceVerdictRule.Default.Evaluate(Effects((1.0, 0.6, 0.1), (1.0, 0.2, 0.7)), layer: 0);

        Assert.False(verdict.Confirmed);
        Assert.Equal(2, verdict.Rank);
        Assert.Equal((1, TraceComponent.Mlp), (verdict.BestLayer, verdict.BestComponent));
        Assert.Contains("ranks 2 of 4", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void First_rank_at_or_below_the_threshold_refutes_and_the_threshold_is_configurable()
    {
        var effects = Effects((1.0, 0.5, 0.1));

        Assert.False(TraceVerdictRule.Default.Evaluate(effects, 0).Confirmed);
        Assert.True(new TraceVerdictRule(Threshold: 0.4).Evaluate(effects, 0).Confirmed);
        Assert.True(new TraceVerdictRule(0.05, TraceComponent.Mlp).Evaluate(Effects((1.0, 0.0, 0.1)), 0).Confirmed);
    }

    [Fact]
    public void Undefined_effects_refute_without_numbers()
    {
        var verdict = TraceVerdictRule.Default.Evaluate(Effects((null, null, null)), 0);

        Assert.False(verdict.Confirmed);
        Assert.Null(verdict.Effect);
        Assert.Null(verdict.Rank);
        Assert.Null(verdict.BestEffect);
        Assert.Contains("undefined", verdict.Reason, StringComparison.Ordinal);
    }
}
