using QuickFix.Checkpoints.Layouts;
using TorchSharp;
using static TorchSharp.torch;

namespace QuickFix.Sampling;

/// <summary>
/// Euler's method on the probability-flow ODE in σ (Karras et al. 2022, algorithm 2 without churn), as diffusers'
/// <c>EulerDiscreteScheduler</c> (<c>schedulers/scheduling_euler_discrete.py</c>) with its defaults: linear
/// interpolation of σ between training timesteps, no Karras sigmas, <c>s_churn</c> 0, final σ 0.
/// </summary>
/// <remarks>
/// The sample lives in the variance-exploding scale <c>x = x_0 + σ ε</c>: the initial noise is scaled by
/// <see cref="InitNoiseSigma"/> and the model sees <c>x / sqrt(σ² + 1)</c> (<see cref="ScaleModelInput"/>). Per step:
/// <c>x̂_0 = x − σ ε</c> (epsilon) or <c>−σ/sqrt(σ²+1) v + x/(σ²+1)</c> (v-prediction), then
/// <c>x ← x + (x − x̂_0)/σ · (σ_next − σ)</c>. With <c>linspace</c> spacing (diffusers' default for this class) the
/// timesteps are fractional, float32 values as numpy produces them.
/// </remarks>
public sealed class EulerDiscreteScheduler : IScheduler
{
    private readonly SchedulerSettings settings;
    private readonly double[] trainingSigmas;
    private readonly bool finalSigmaIsZero;
    private readonly StepCursor cursor = new();
    private double[] timesteps = [];
    private double[] sigmas = [];

    /// <summary>Creates the scheduler from a diffusers scheduler config.</summary>
    /// <param name="config">The scheduler config; its <c>timestep_spacing</c> defaults to <c>linspace</c> (this class's diffusers default).</param>
    /// <param name="alphasCumprod">The training schedule to use instead of the one the config's betas give.</param>
    /// <exception cref="SchedulerConfigException">
    /// The config asks for what is not implemented: <c>sample</c> prediction (diffusers lacks it too), Karras sigmas,
    /// <c>log_linear</c> interpolation, or an unknown <c>final_sigmas_type</c>.
    /// </exception>
    public EulerDiscreteScheduler(SchedulerConfig config, IReadOnlyList<double>? alphasCumprod = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        settings = SchedulerSettings.Read(config, TimestepSpacingKind.Linspace, alphasCumprod);
        if (settings.Prediction == PredictionKind.Sample)
        {
            throw new SchedulerConfigException("prediction_type 'sample' is not supported by the Euler scheduler.");
        }

        if (config.UseKarrasSigmas == true)
        {
            throw new SchedulerConfigException("use_karras_sigmas is not supported by the Euler scheduler.");
        }

        if (config.InterpolationType is not (null or "linear"))
        {
            throw new SchedulerConfigException($"interpolation_type '{config.InterpolationType}' is not supported; use 'linear'.");
        }

        finalSigmaIsZero = FinalSigmas.IsZero(config);
        trainingSigmas = settings.TrainingSigmas();
        Config = config with { ClassName = "EulerDiscreteScheduler" };
    }

    /// <inheritdoc/>
    /// <remarks><c>_class_name</c> is <c>EulerDiscreteScheduler</c>, as diffusers' <c>from_config</c> writes it.</remarks>
    public SchedulerConfig Config { get; }

    /// <inheritdoc/>
    public IReadOnlyList<double> Timesteps => Array.AsReadOnly(timesteps);

    /// <summary>σ at each timestep of the run, then the final σ (0): <c>Timesteps.Count + 1</c> values; empty until <see cref="SetTimesteps"/>.</summary>
    public IReadOnlyList<double> Sigmas => Array.AsReadOnly(sigmas);

    /// <inheritdoc/>
    /// <remarks>
    /// The largest σ (of the run, or of training before <see cref="SetTimesteps"/>); with <c>leading</c> spacing
    /// <c>sqrt(σ_max² + 1)</c>, as diffusers has it.
    /// </remarks>
    public double InitNoiseSigma
    {
        get
        {
            var max = (sigmas.Length > 0 ? sigmas : trainingSigmas).Max();
            return settings.Spacing == TimestepSpacingKind.Leading ? Math.Sqrt((max * max) + 1.0) : max;
        }
    }

    /// <inheritdoc/>
    public void SetTimesteps(int steps)
    {
        var total = settings.TrainTimesteps;
        InferenceTimesteps.ThrowIfInvalidCount(steps, total);
        timesteps = settings.Spacing switch
        {
            TimestepSpacingKind.Leading => InferenceTimesteps.Leading(steps, total / steps, settings.StepsOffset),
            TimestepSpacingKind.Trailing => InferenceTimesteps.Trailing(total, steps),

            // np.linspace(0, T - 1, n, dtype=np.float32): computed in float64, stored as float32.
            _ => [.. InferenceTimesteps.NumpyLinspace(0, total - 1, steps).Select(t => (double)(float)t).Reverse()],
        };
        sigmas = [.. timesteps.Select(t => InferenceTimesteps.Interpolate(trainingSigmas, t)), finalSigmaIsZero ? 0.0 : trainingSigmas[0]];
        cursor.Reset();
    }

    /// <inheritdoc/>
    /// <exception cref="InvalidOperationException"><see cref="SetTimesteps"/> has not been called.</exception>
    public Tensor ScaleModelInput(Tensor sample, double timestep)
    {
        ArgumentNullException.ThrowIfNull(sample);
        var sigma = sigmas.Length > 0 ? sigmas[cursor.Locate(timesteps, timestep)] : throw MissingSetTimesteps();
        return sample / Math.Sqrt((sigma * sigma) + 1.0);
    }

    /// <inheritdoc/>
    public SchedulerStepOutput Step(Tensor modelOutput, double timestep, Tensor sample)
    {
        SchedulerTensors.ThrowIfIncompatible(modelOutput, sample);
        var index = sigmas.Length > 0 ? cursor.Locate(timesteps, timestep) : throw MissingSetTimesteps();
        var sigma = sigmas[index];
        var next = sigmas[index + 1];

        using var scope = torch.NewDisposeScope();
        var x = SchedulerTensors.Float32(sample);
        var output = SchedulerTensors.Float32(modelOutput);
        var original = settings.Prediction == PredictionKind.Epsilon
            ? x - (output * sigma)
            : (output * (-sigma / Math.Sqrt((sigma * sigma) + 1.0))) + (x / ((sigma * sigma) + 1.0));
        var derivative = (x - original) / sigma;
        var previous = x + (derivative * (next - sigma));
        cursor.Advance();
        return new SchedulerStepOutput(previous.MoveToOuterDisposeScope(), original.MoveToOuterDisposeScope());
    }

    /// <inheritdoc/>
    /// <remarks>Nothing to release: Euler keeps no tensors.</remarks>
    public void Dispose()
    {
    }

    private static InvalidOperationException MissingSetTimesteps() =>
        new("SetTimesteps must be called before ScaleModelInput or Step.");
}
