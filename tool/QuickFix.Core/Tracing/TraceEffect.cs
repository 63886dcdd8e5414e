namespace QuickFix.Tracing;

/// <summary>
/// What restoring one (layer, component) state did, over the noise samples. The effect of sample s is
/// <c>(score_restored − score_corrupted) / (score_clean − score_corrupted)</c> with that sample's corrupted score: 0 when
/// the restoration recovers nothing, 1 when it recovers the clean conditioning.
/// </summary>
/// <param name="Layer">The block, 0-based.</param>
/// <param name="Component">The restored state.</param>
/// <param name="Effect">Mean effect over the samples; null when undefined (the corruption did not move the score).</param>
/// <param name="EffectStd">Standard deviation (1/S) of the effect over the samples; null when undefined.</param>
/// <param name="Score">Mean score of the restored runs.</param>
/// <param name="ScoreStd">Standard deviation (1/S) of the restored runs' score.</param>
public sealed record TraceEffect(int Layer, TraceComponent Component, double? Effect, double? EffectStd, double Score, double ScoreStd);
