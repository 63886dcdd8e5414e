namespace QuickFix.Evaluation;

/// <summary>The evaluation of a demo model (and an edit of it) on every probe.</summary>
/// <param name="Options">How it sampled.</param>
/// <param name="Probes">One result per probe, in <see cref="DemoProbes.Create"/> order.</param>
/// <param name="Chance">The presence rate of a scorer guessing uniformly, per head ("object" 1/10, "style" 1/6).</param>
public sealed record EvaluationReport(EvaluationOptions Options, IReadOnlyList<ProbeResult> Probes, IReadOnlyDictionary<string, double> Chance);
