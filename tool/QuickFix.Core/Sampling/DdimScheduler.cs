using System.Globalization;
using QuickFix.Checkpoints.Layouts;
using TorchSharp;
using static TorchSharp.torch;

namespace QuickFix.Sampling;

/// <summary>
/// DDIM (Song et al. 2021), as diffusers' <c>DDIMScheduler</c> (<c>schedulers/scheduling_ddim.py</c>). With SD's
/// released config (<c>scaled_linear</c>, <c>steps_offset</c> 1, <c>set_alpha_to_one</c> false, <c>leading</c>
/// spacing) and the file's <c>alphas_cumprod</c> it is CompVis <c>DDIMSampler</c> with <c>ddim_discretize="uniform"</c>,
/// including its last step to <c>ᾱ_0</c> rather than 1 (fixture README §3, semantics (c)).
/// </summary>
/// <remarks>
/// Per step, with <c>t' = t − T // n</c>: <c>x̂_0 = (x − sqrt(1 − ᾱ_t) ε) / sqrt(ᾱ_t)</c>,
/// <c>x_{t'} = sqrt(ᾱ_{t'}) x̂_0 + sqrt(1 − ᾱ_{t'} − σ²) ε + σ z</c>, where <c>ᾱ_{t'}</c> is
/// <see cref="FinalAlphaCumprod"/> when <c>t' &lt; 0</c> and <c>σ = η sqrt((1 − ᾱ_{t'}) / (1 − ᾱ_t) (1 − ᾱ_t / ᾱ_{t'}))</c>.
/// diffusers uses <c>T // n</c> for <c>t'</c> whatever the spacing; so does this class. Stateless between steps.
/// </remarks>
public sealed class DdimScheduler : IScheduler
{
    private readonly SchedulerSettings settings;
    private readonly double? clipRange;
    private double[] timesteps = [];
    private int stepRatio;

    /// <summary>Creates the scheduler from a diffusers scheduler config.</summary>
    /// <param name="config">The scheduler config; its <c>timestep_spacing</c> defaults to <c>leading</c> (DDIM's diffusers default).</param>
    /// <param name="alphasCumprod">
    /// The training schedule to use instead of the one <paramref name="config"/>'s betas give, e.g. an LDM file's
    /// <c>alphas_cumprod</c> buffer (<c>num_train_timesteps</c> values).
    /// </param>
    /// <exception cref="SchedulerConfigException">The config asks for something DDIM does not implement.</exception>
    public DdimScheduler(SchedulerConfig config, IReadOnlyList<double>? alphasCumprod = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        settings = SchedulerSettings.Read(config, TimestepSpacingKind.Leading, alphasCumprod);
        clipRange = config.ClipSample ? config.ClipSampleRange ?? 1.0 : null;
        Config = config with { ClassName = "DDIMScheduler" };
        AlphasCumprod = Array.AsReadOnly([.. settings.AlphasCumprod]);
        FinalAlphaCumprod = config.SetAlphaToOne ? 1.0 : settings.AlphasCumprod[0];
    }

    /// <inheritdoc/>
    /// <remarks><c>_class_name</c> is <c>DDIMScheduler</c>, as diffusers' <c>from_config</c> writes it.</remarks>
    public SchedulerConfig Config { get; }

    /// <summary>The training schedule ᾱ_t, t = 0 … T − 1.</summary>
    public IReadOnlyList<double> AlphasCumprod { get; }

    /// <summary>ᾱ after the last step: 1 with <c>set_alpha_to_one</c>, else ᾱ_0 (SD and CompVis).</summary>
    public double FinalAlphaCumprod { get; }

    /// <inheritdoc/>
    public IReadOnlyList<double> Timesteps => Array.AsReadOnly(timesteps);

    /// <inheritdoc/>
    /// <remarks>Always 1: DDIM works on the variance-preserving sample.</remarks>
    public double InitNoiseSigma => 1.0;

    /// <inheritdoc/>
    public void SetTimesteps(int steps)
    {
        var total = settings.TrainTimesteps;
        InferenceTimesteps.ThrowIfInvalidCount(steps, total);
        stepRatio = total / steps;
        timesteps = settings.Spacing switch
        {
            TimestepSpacingKind.Leading => InferenceTimesteps.Leading(steps, stepRatio, settings.StepsOffset),
            TimestepSpacingKind.Trailing => InferenceTimesteps.Trailing(total, steps),
            _ => [.. InferenceTimesteps.NumpyLinspace(0, total - 1, steps).Select(t => Math.Round(t)).Reverse()],
        };
    }

    /// <inheritdoc/>
    public Tensor ScaleModelInput(Tensor sample, double timestep)
    {
        ArgumentNullException.ThrowIfNull(sample);
        return sample.alias();
    }

    /// <inheritdoc/>
    /// <remarks>Deterministic DDIM (η = 0).</remarks>
    public SchedulerStepOutput Step(Tensor modelOutput, double timestep, Tensor sample) => Step(modelOutput, timestep, sample, eta: 0.0);

    /// <summary>One DDIM step with stochasticity <paramref name="eta"/> (0 deterministic, 1 DDPM-like).</summary>
    /// <param name="modelOutput">The model's prediction (of the config's <c>prediction_type</c>).</param>
    /// <param name="timestep">The current timestep, a whole number in <c>[0, T)</c>.</param>
    /// <param name="sample">The current sample <c>x_t</c>.</param>
    /// <param name="eta">η in [0, 1].</param>
    /// <param name="varianceNoise">Unit Gaussian noise <c>z</c> of the sample's shape, when η &gt; 0 (or give <paramref name="generator"/>).</param>
    /// <param name="generator">Seeded generator <c>z</c> is drawn from, when η &gt; 0 and no <paramref name="varianceNoise"/> is given.</param>
    /// <exception cref="InvalidOperationException"><see cref="SetTimesteps"/> has not been called.</exception>
    /// <exception cref="ArgumentException">
    /// Shapes differ, the timestep is not a whole number in range, or η &gt; 0 without exactly one noise source.
    /// </exception>
    public SchedulerStepOutput Step(
        Tensor modelOutput, double timestep, Tensor sample, double eta, Tensor? varianceNoise = null, Generator? generator = null)
    {
        SchedulerTensors.ThrowIfIncompatible(modelOutput, sample);
        if (timesteps.Length == 0)
        {
            throw new InvalidOperationException("SetTimesteps must be called before Step.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(eta);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(eta, 1.0);
        if (eta > 0 && (varianceNoise is null) == (generator is null))
        {
            throw new ArgumentException("DDIM with eta > 0 needs exactly one noise source: varianceNoise or generator.", nameof(eta));
        }

        var t = TrainingIndex(timestep);
        var alpha = settings.AlphasCumprod[t];
        var alphaPrevious = PreviousAlphaCumprod(t);
        var beta = 1.0 - alpha;
        var variance = (1.0 - alphaPrevious) / beta * (1.0 - (alpha / alphaPrevious));
        var sigma = eta * Math.Sqrt(variance);

        using var scope = torch.NewDisposeScope();
        var x = SchedulerTensors.Float32(sample);
        var output = SchedulerTensors.Float32(modelOutput);
        var (original, epsilon) = settings.Prediction switch
        {
            // Same operation order as CompVis DDIMSampler.p_sample_ddim: (x − sqrt(1 − ᾱ) e) / sqrt(ᾱ).
            PredictionKind.Epsilon => ((x - (output * Math.Sqrt(beta))) / Math.Sqrt(alpha), output),
            PredictionKind.VPrediction => ((x * Math.Sqrt(alpha)) - (output * Math.Sqrt(beta)), (output * Math.Sqrt(alpha)) + (x * Math.Sqrt(beta))),
            _ => (output.alias(), (x - (output * Math.Sqrt(alpha))) / Math.Sqrt(beta)),
        };
        if (clipRange is { } range)
        {
            original = original.clamp(-range, range);
        }

        var previous = (original * Math.Sqrt(alphaPrevious)) + (epsilon * Math.Sqrt(1.0 - alphaPrevious - (sigma * sigma)));
        if (eta > 0)
        {
            var noise = varianceNoise is not null
                ? SchedulerTensors.Float32(varianceNoise)
                : torch.randn(sample.shape, ScalarType.Float32, sample.device, generator: generator);
            if (!noise.shape.SequenceEqual(sample.shape))
            {
                throw new ArgumentException("varianceNoise must have the sample's shape.", nameof(varianceNoise));
            }

            previous += noise * sigma;
        }

        return new SchedulerStepOutput(previous.MoveToOuterDisposeScope(), original.MoveToOuterDisposeScope());
    }

    /// <inheritdoc/>
    /// <remarks>Nothing to release: DDIM keeps no tensors.</remarks>
    public void Dispose()
    {
    }

    /// <summary>ᾱ of the step after <paramref name="timestep"/>: ᾱ_{t − T // n}, or <see cref="FinalAlphaCumprod"/> below 0.</summary>
    internal double PreviousAlphaCumprod(int timestep)
    {
        var previous = timestep - stepRatio;
        return previous >= 0 ? settings.AlphasCumprod[previous] : FinalAlphaCumprod;
    }

    private int TrainingIndex(double timestep)
    {
        if (timestep != Math.Floor(timestep) || timestep < 0 || timestep >= settings.TrainTimesteps)
        {
            throw new ArgumentException(
                $"DDIM timesteps are whole numbers in [0, {settings.TrainTimesteps}), not {timestep.ToString(CultureInfo.InvariantCulture)}.",
                nameof(timestep));
        }

        return (int)timestep;
    }
}
