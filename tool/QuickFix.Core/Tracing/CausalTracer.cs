using System.Globalization;
using QuickFix.Checkpoints;
using QuickFix.Checkpoints.Layouts;
using QuickFix.Models.Clip;
using QuickFix.Text;

namespace QuickFix.Tracing;

/// <summary>
/// Causal tracing of a CLIP text encoder (algorithm.md §2): which state at the last subject token carries the subject
/// into the conditioning. A clean run encodes the prompt; S corrupted runs add Gaussian noise to the embedding output at
/// the subject tokens; for every block and <see cref="TraceComponent"/>, a restored run copies that state from the
/// clean run into each corrupted run and finishes the forward pass. Each run is scored against the clean conditioning
/// (<see cref="TraceReport"/>) and each restoration reports its normalised indirect effect.
/// </summary>
public static class CausalTracer
{
    /// <summary>
    /// Below this gap between the clean and a corrupted score the corruption did not move the conditioning (float32
    /// conditionings give scores good to about 1e-7), and every effect of the trace is reported undefined.
    /// </summary>
    public const double MinimumScoreGap = 1e-6;

    /// <summary>Traces <paramref name="subject"/> in <paramref name="prompt"/> through <paramref name="encoder"/> (float32, no autograd).</summary>
    /// <exception cref="TraceException">The subject is not in the prompt, a text is empty, or the settings are unusable.</exception>
    /// <exception cref="CheckpointException">The encoder has no tokenizer.</exception>
    public static TraceReport Trace(
        TextEncoderComponent encoder,
        string prompt,
        string subject,
        TraceSettings settings,
        IProgress<TraceProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(encoder);
        var tokenizer = encoder.OpenTokenizer();
        Validate(settings, encoder.ConditioningRun.LayersToRun, encoder.Weights.Description);
        SubjectLocator.Find(tokenizer, prompt, subject); // fails before the weights are read
        using var model = encoder.LoadModel();
        var description = string.Create(
            CultureInfo.InvariantCulture,
            $"{encoder.Family.ToString().ToLowerInvariant()} {encoder.Name} ({encoder.ConditioningRun.LayersToRun} layers x {encoder.Config.HiddenSize}) of {encoder.Weights.Description}");
        return TraceModel(model, tokenizer, encoder.ConditioningRun, description, encoder.Family, encoder.Index, prompt, subject, settings, progress, cancellationToken);
    }

    /// <summary>Traces with a model already loaded (tests change its weights in memory).</summary>
    internal static TraceReport TraceModel(
        ClipTextModel model,
        ClipTokenizer tokenizer,
        ClipRunOptions run,
        string description,
        ModelFamily family,
        int encoderIndex,
        string prompt,
        string subject,
        TraceSettings settings,
        IProgress<TraceProgress>? progress,
        CancellationToken cancellationToken)
    {
        Validate(settings, run.LayersToRun, null);
        var span = SubjectLocator.Find(tokenizer, prompt, subject);
        var sigma = settings.Sigma ?? EmbeddingScale.Estimate(model, tokenizer);
        var noiseStd = settings.NoiseMultiplier * sigma;
        var noise = GaussianNoise.Sample(settings.Seed, settings.Samples * span.Length * model.Architecture.HiddenSize, noiseStd);
        var (clean, corrupted, restored) = new TracedRuns(model, run, span, settings.Samples, settings.Restore)
            .Run(tokenizer.EncodePadded(prompt), noise, progress, cancellationToken);

        var defined = corrupted.All(c => clean - c > MinimumScoreGap);
        var effects = new List<TraceEffect>();
        for (var l = 0; l < run.LayersToRun; l++)
        {
            foreach (var component in Enum.GetValues<TraceComponent>())
            {
                var scores = restored[l][(int)component];
                var (score, scoreStd) = MeanAndStd(scores);
                var (effect, effectStd) = defined
                    ? MeanAndStd([.. scores.Select((r, s) => (r - corrupted[s]) / (clean - corrupted[s]))])
                    : ((double?)null, (double?)null);
                effects.Add(new TraceEffect(l, component, effect, effectStd, score, scoreStd));
            }
        }

        var (corruptedMean, corruptedStd) = MeanAndStd(corrupted);
        return new TraceReport(
            description, family, encoderIndex, run.LayersToRun, prompt, subject, span, settings, sigma, noiseStd, clean,
            corruptedMean, corruptedStd, effects, settings.VerdictRule.Evaluate(effects, settings.VerdictLayer));
    }

    private static void Validate(TraceSettings settings, int layers, string? path)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var problem =
            settings.Samples < 1 ? $"samples must be at least 1, was {settings.Samples}"
            : !double.IsFinite(settings.NoiseMultiplier) || settings.NoiseMultiplier < 0 ? $"the noise multiplier must be finite and >= 0, was {settings.NoiseMultiplier}"
            : settings.Sigma is double sigma && (!double.IsFinite(sigma) || sigma < 0) ? $"sigma must be finite and >= 0, was {sigma}"
            : settings.VerdictLayer < 0 || settings.VerdictLayer >= layers ? $"the verdict layer must be 0..{layers - 1}, was {settings.VerdictLayer}"
            : !double.IsFinite(settings.VerdictRule.Threshold) ? "the verdict threshold must be finite"
            : null;
        if (problem is not null)
        {
            throw new TraceException(TraceError.InvalidSettings, string.Create(CultureInfo.InvariantCulture, $"{problem}"), path);
        }
    }

    /// <summary>Mean and standard deviation (1/n) in float64, summed in index order.</summary>
    private static (double Mean, double Std) MeanAndStd(double[] values)
    {
        var mean = values.Sum() / values.Length;
        var variance = values.Sum(v => (v - mean) * (v - mean)) / values.Length;
        return (mean, Math.Sqrt(variance));
    }
}
