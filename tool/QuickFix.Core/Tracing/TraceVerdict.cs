namespace QuickFix.Tracing;

/// <summary>
/// Whether a trace confirms that the component about to be edited is the causal one, with the numbers the rule used
/// (<see cref="TraceVerdictRule.Evaluate"/>).
/// </summary>
/// <param name="Layer">The layer that is edited.</param>
/// <param name="Component">The component that is edited.</param>
/// <param name="Confirmed">True when the edited component ranks first among the candidates and its effect exceeds <paramref name="Threshold"/>.</param>
/// <param name="Effect">The edited component's mean effect; null when undefined.</param>
/// <param name="Rank">1 + the number of candidates with a larger effect; null when the effect is undefined.</param>
/// <param name="Candidates">How many (layer, component) states competed: every self-attention and MLP output.</param>
/// <param name="Threshold">The effect the edited component had to exceed.</param>
/// <param name="BestLayer">The layer of the candidate with the largest effect (the first in layer, then component order on ties).</param>
/// <param name="BestComponent">The component of that candidate.</param>
/// <param name="BestEffect">Its effect; null when every effect is undefined.</param>
/// <param name="Reason">One sentence that says why.</param>
public sealed record TraceVerdict(
    int Layer,
    TraceComponent Component,
    bool Confirmed,
    double? Effect,
    int? Rank,
    int Candidates,
    double Threshold,
    int BestLayer,
    TraceComponent BestComponent,
    double? BestEffect,
    string Reason);
