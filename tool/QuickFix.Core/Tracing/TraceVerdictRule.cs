using System.Globalization;

namespace QuickFix.Tracing;

/// <summary>
/// When a trace confirms an edit: the edited state (<see cref="Component"/> at the edited layer) must rank first among
/// all self-attention and MLP outputs (the residual stream is left out: it carries everything the block's input had,
/// so it is not a component one could edit) and its mean effect must exceed <see cref="Threshold"/>.
/// </summary>
/// <remarks>
/// The paper calibrates a CLIP-Score threshold between the corrupted and clean scores but its value is not known
/// (algorithm.md §2.2). The default 0.5 asks that restoring the state alone recover more than half of what the
/// corruption took from the conditioning: a majority of the causal effect, in the normalised-indirect-effect scale.
/// </remarks>
/// <param name="Threshold">The mean effect the edited state must exceed (default 0.5).</param>
/// <param name="Component">The edited component (DIFF-QUICKFIX edits the self-attention's <c>out_proj</c>).</param>
public sealed record TraceVerdictRule(double Threshold = 0.5, TraceComponent Component = TraceComponent.SelfAttention)
{
    /// <summary>Threshold 0.5, self-attention.</summary>
    public static TraceVerdictRule Default { get; } = new();

    /// <summary>Applies the rule to the effects of a trace for the edited <paramref name="layer"/>.</summary>
    /// <exception cref="ArgumentException">The effects hold no state for the edited layer and component.</exception>
    public TraceVerdict Evaluate(IReadOnlyList<TraceEffect> effects, int layer)
    {
        ArgumentNullException.ThrowIfNull(effects);
        var candidates = effects.Where(e => e.Component is TraceComponent.SelfAttention or TraceComponent.Mlp).ToArray();
        var edited = candidates.SingleOrDefault(e => e.Layer == layer && e.Component == Component)
            ?? throw new ArgumentException($"The trace has no {Component} effect for layer {layer}.", nameof(layer));
        var defined = candidates.Where(e => e.Effect is not null).ToArray();
        // The best candidate: the largest effect, the first in (layer, component) order on ties.
        var best = defined.Length == 0 ? edited : defined.MaxBy(e => e.Effect!.Value)!;
        if (edited.Effect is not double effect)
        {
            return new TraceVerdict(
                layer, Component, false, null, null, candidates.Length, Threshold, best.Layer, best.Component, best.Effect,
                "the effect is undefined: the corruption did not change the conditioning (noise 0?)");
        }

        var rank = 1 + defined.Count(e => e.Effect!.Value > effect);
        var confirmed = rank == 1 && effect > Threshold;
        var reason = confirmed
            ? Format($"layer {layer} {Component} ranks first with effect {effect:0.###} > {Threshold:0.###}")
            : rank != 1
                ? Format($"layer {layer} {Component} ranks {rank} of {candidates.Length} (effect {effect:0.###}); layer {best.Layer} {best.Component} is first with {best.Effect:0.###}")
                : Format($"layer {layer} {Component} ranks first but its effect {effect:0.###} does not exceed {Threshold:0.###}");
        return new TraceVerdict(layer, Component, confirmed, effect, rank, candidates.Length, Threshold, best.Layer, best.Component, best.Effect, reason);
    }

    private static string Format(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
