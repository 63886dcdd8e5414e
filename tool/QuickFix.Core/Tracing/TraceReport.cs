using QuickFix.Checkpoints.Layouts;

namespace QuickFix.Tracing;

/// <summary>
/// The result of <see cref="CausalTracer.Trace"/>. The score of a run is the mean cosine similarity between its
/// conditioning (exactly what the UNet receives) and the clean run's, over the positions from the last subject token to
/// the end of the 77.
/// </summary>
/// <param name="Model">What was traced: family, encoder and weights file.</param>
/// <param name="Family">The checkpoint family.</param>
/// <param name="Encoder">The text encoder's index.</param>
/// <param name="Layers">The blocks traced: those whose output conditions the UNet.</param>
/// <param name="Prompt">The caption as given.</param>
/// <param name="Subject">The subject as given.</param>
/// <param name="Span">Where the subject's tokens are.</param>
/// <param name="Settings">The settings the trace ran with.</param>
/// <param name="Sigma">σ as used: the setting, or the estimate over <see cref="EmbeddingScale.ReferenceSubjects"/>.</param>
/// <param name="NoiseStd">The noise's standard deviation, ν·σ.</param>
/// <param name="CleanScore">The clean run's score (1 up to rounding).</param>
/// <param name="CorruptedScore">Mean score of the corrupted runs.</param>
/// <param name="CorruptedScoreStd">Standard deviation (1/S) of the corrupted runs' score.</param>
/// <param name="Effects">One entry per (layer, component), layer-major in <see cref="TraceComponent"/> order.</param>
/// <param name="Verdict">The verdict of <see cref="TraceSettings.VerdictRule"/> for <see cref="TraceSettings.VerdictLayer"/>.</param>
public sealed record TraceReport(
    string Model,
    ModelFamily Family,
    int Encoder,
    int Layers,
    string Prompt,
    string Subject,
    SubjectSpan Span,
    TraceSettings Settings,
    double Sigma,
    double NoiseStd,
    double CleanScore,
    double CorruptedScore,
    double CorruptedScoreStd,
    IReadOnlyList<TraceEffect> Effects,
    TraceVerdict Verdict)
{
    /// <summary>True when the effects are undefined (the corruption did not move the score, e.g. noise 0).</summary>
    public bool EffectsUndefined => Effects.Any(e => e.Effect is null);

    /// <summary>The entry of one (layer, component).</summary>
    public TraceEffect this[int layer, TraceComponent component] => Effects[(layer * 3) + (int)component];
}
