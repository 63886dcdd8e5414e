using QuickFix.Checkpoints.Layouts;

namespace QuickFix.Sampling;

/// <summary>The parts of a <see cref="SchedulerConfig"/> every scheduler reads, parsed and checked once.</summary>
/// <param name="TrainTimesteps"><c>num_train_timesteps</c> (T).</param>
/// <param name="StepsOffset"><c>steps_offset</c>, added to <c>leading</c> timesteps.</param>
/// <param name="Prediction"><c>prediction_type</c>.</param>
/// <param name="Spacing"><c>timestep_spacing</c>, or the scheduler class's diffusers default when the config has none.</param>
/// <param name="AlphasCumprod">The training schedule ᾱ_t, t = 0 … T − 1.</param>
internal sealed record SchedulerSettings(
    int TrainTimesteps,
    int StepsOffset,
    PredictionKind Prediction,
    TimestepSpacingKind Spacing,
    IReadOnlyList<double> AlphasCumprod)
{
    /// <summary>Reads <paramref name="config"/>; <paramref name="alphasCumprod"/> replaces the schedule its betas give.</summary>
    /// <exception cref="SchedulerConfigException">A field has a value the schedulers do not implement.</exception>
    public static SchedulerSettings Read(
        SchedulerConfig config, TimestepSpacingKind defaultSpacing, IReadOnlyList<double>? alphasCumprod)
    {
        ArgumentNullException.ThrowIfNull(config);
        var prediction = config.PredictionType switch
        {
            null or "epsilon" => PredictionKind.Epsilon,
            "v_prediction" => PredictionKind.VPrediction,
            "sample" => PredictionKind.Sample,
            _ => throw new SchedulerConfigException(
                $"prediction_type '{config.PredictionType}' is not supported; use 'epsilon', 'v_prediction' or 'sample'."),
        };
        var spacing = config.TimestepSpacing switch
        {
            null => defaultSpacing,
            "leading" => TimestepSpacingKind.Leading,
            "trailing" => TimestepSpacingKind.Trailing,
            "linspace" => TimestepSpacingKind.Linspace,
            _ => throw new SchedulerConfigException(
                $"timestep_spacing '{config.TimestepSpacing}' is not supported; use 'leading', 'trailing' or 'linspace'."),
        };
        if (config.StepsOffset < 0)
        {
            throw new SchedulerConfigException($"steps_offset must not be negative, not {config.StepsOffset}.");
        }

        return new SchedulerSettings(
            config.NumTrainTimesteps, config.StepsOffset, prediction, spacing, TrainingSchedule.AlphasCumprod(config, alphasCumprod));
    }

    /// <summary>
    /// <c>sqrt((1 − ᾱ_t) / ᾱ_t)</c> for every training timestep: the noise level of the variance-exploding form
    /// <c>x_t / sqrt(ᾱ_t) = x_0 + σ_t ε</c> (Euler and DPM-Solver work in it).
    /// </summary>
    public double[] TrainingSigmas() => [.. AlphasCumprod.Select(a => Math.Sqrt((1.0 - a) / a))];
}
