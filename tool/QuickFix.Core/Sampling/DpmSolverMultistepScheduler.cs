using QuickFix.Checkpoints.Layouts;
using TorchSharp;
using static TorchSharp.torch;

namespace QuickFix.Sampling;

/// <summary>
/// Multistep DPM-Solver++ (Lu et al. 2022, "DPM-Solver++", algorithm 2) of order 2 ("DPM++ 2M"), as diffusers'
/// <c>DPMSolverMultistepScheduler</c> (<c>schedulers/scheduling_dpmsolver_multistep.py</c>) with
/// <c>algorithm_type dpmsolver++</c>: the data prediction <c>x̂_0</c> of each step is kept for the next one.
/// </summary>
/// <remarks>
/// With <c>α = 1/sqrt(σ²+1)</c>, <c>s = σ α</c>, <c>λ = log α − log s</c>, <c>h = λ_next − λ</c>: first order
/// <c>x ← (s_next/s) x − α_next (e^{−h} − 1) x̂_0</c>; second order (midpoint) adds
/// <c>− ½ α_next (e^{−h} − 1) D1</c> with <c>D1 = (x̂_0 − x̂_0') h / h'</c> from the previous step's <c>x̂_0'</c> and step
/// <c>h'</c>. The first step is first order; so is the last when fewer than 15 steps run (<c>lower_order_final</c>) or
/// when the final σ is 0 (diffusers' default). The previous <c>x̂_0</c> is held by the instance: dispose it, or call
/// <see cref="SetTimesteps"/> again, to release it.
/// </remarks>
public sealed class DpmSolverMultistepScheduler : IScheduler
{
    private const int LowerOrderFinalBelowSteps = 15; // diffusers: "Improve numerical stability for small number of steps"

    private readonly SchedulerSettings settings;
    private readonly double[] trainingSigmas;
    private readonly bool finalSigmaIsZero;
    private readonly int solverOrder;
    private readonly bool heun;
    private readonly bool lowerOrderFinal;
    private readonly StepCursor cursor = new();
    private double[] timesteps = [];
    private double[] sigmas = [];
    private Tensor? previousDataPrediction;
    private int stepsTaken;

    /// <summary>Creates the scheduler from a diffusers scheduler config.</summary>
    /// <param name="config">
    /// The scheduler config; <c>timestep_spacing</c> defaults to <c>linspace</c>, <c>solver_order</c> to 2,
    /// <c>solver_type</c> to <c>midpoint</c>, <c>lower_order_final</c> to true (this class's diffusers defaults).
    /// </param>
    /// <param name="alphasCumprod">The training schedule to use instead of the one the config's betas give.</param>
    /// <exception cref="SchedulerConfigException">
    /// The config asks for what is not implemented: an algorithm other than <c>dpmsolver++</c>, order 3, Karras sigmas,
    /// an unknown solver type or final sigma type.
    /// </exception>
    public DpmSolverMultistepScheduler(SchedulerConfig config, IReadOnlyList<double>? alphasCumprod = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        settings = SchedulerSettings.Read(config, TimestepSpacingKind.Linspace, alphasCumprod);
        if (config.AlgorithmType is not (null or "dpmsolver++"))
        {
            throw new SchedulerConfigException($"algorithm_type '{config.AlgorithmType}' is not supported; use 'dpmsolver++'.");
        }

        solverOrder = config.SolverOrder ?? 2;
        if (solverOrder is not (1 or 2))
        {
            throw new SchedulerConfigException($"solver_order {solverOrder} is not supported; use 1 or 2.");
        }

        heun = config.SolverType switch
        {
            null or "midpoint" => false,
            "heun" => true,
            _ => throw new SchedulerConfigException($"solver_type '{config.SolverType}' is not supported; use 'midpoint' or 'heun'."),
        };
        if (config.UseKarrasSigmas == true)
        {
            throw new SchedulerConfigException("use_karras_sigmas is not supported by the DPM-Solver++ scheduler.");
        }

        lowerOrderFinal = config.LowerOrderFinal ?? true;
        finalSigmaIsZero = FinalSigmas.IsZero(config);
        trainingSigmas = settings.TrainingSigmas();
        Config = config with { ClassName = "DPMSolverMultistepScheduler" };
    }

    /// <inheritdoc/>
    /// <remarks><c>_class_name</c> is <c>DPMSolverMultistepScheduler</c>, as diffusers' <c>from_config</c> writes it.</remarks>
    public SchedulerConfig Config { get; }

    /// <inheritdoc/>
    public IReadOnlyList<double> Timesteps => Array.AsReadOnly(timesteps);

    /// <summary>σ at each timestep of the run, then the final σ: <c>Timesteps.Count + 1</c> values; empty until <see cref="SetTimesteps"/>.</summary>
    public IReadOnlyList<double> Sigmas => Array.AsReadOnly(sigmas);

    /// <inheritdoc/>
    /// <remarks>Always 1: DPM-Solver works on the variance-preserving sample.</remarks>
    public double InitNoiseSigma => 1.0;

    /// <inheritdoc/>
    public void SetTimesteps(int steps)
    {
        var total = settings.TrainTimesteps;
        InferenceTimesteps.ThrowIfInvalidCount(steps, total);

        // n + 1 points with the smallest dropped, so that the run ends above timestep 0 and the final step goes to
        // the final sigma.
        timesteps = settings.Spacing switch
        {
            TimestepSpacingKind.Leading => InferenceTimesteps.Leading(steps + 1, total / (steps + 1), settings.StepsOffset)[..steps],
            TimestepSpacingKind.Trailing => InferenceTimesteps.Trailing(total, steps),
            _ => [.. InferenceTimesteps.NumpyLinspace(0, total - 1, steps + 1).Select(t => Math.Round(t)).Reverse().Take(steps)],
        };
        sigmas = [.. timesteps.Select(t => InferenceTimesteps.Interpolate(trainingSigmas, t)), finalSigmaIsZero ? 0.0 : trainingSigmas[0]];
        ResetState();
    }

    /// <inheritdoc/>
    public Tensor ScaleModelInput(Tensor sample, double timestep)
    {
        ArgumentNullException.ThrowIfNull(sample);
        return sample.alias();
    }

    /// <inheritdoc/>
    public SchedulerStepOutput Step(Tensor modelOutput, double timestep, Tensor sample)
    {
        SchedulerTensors.ThrowIfIncompatible(modelOutput, sample);
        var index = cursor.Locate(timesteps, timestep);
        var last = index == timesteps.Length - 1;
        var firstOrder = solverOrder == 1
            || stepsTaken < 1
            || (last && ((lowerOrderFinal && timesteps.Length < LowerOrderFinalBelowSteps) || finalSigmaIsZero));

        using var scope = torch.NewDisposeScope();
        var x = SchedulerTensors.Float32(sample);
        var output = SchedulerTensors.Float32(modelOutput);
        var (alpha, scale) = AlphaAndScale(sigmas[index]);
        var dataPrediction = settings.Prediction switch
        {
            PredictionKind.Epsilon => (x - (output * scale)) / alpha,
            PredictionKind.VPrediction => (x * alpha) - (output * scale),
            _ => output.alias(),
        };

        var (alphaNext, scaleNext) = AlphaAndScale(sigmas[index + 1]);
        var h = Lambda(alphaNext, scaleNext) - Lambda(alpha, scale);
        var decay = alphaNext * (Math.Exp(-h) - 1.0); // at a final σ of 0: h = +∞ and decay = −1, so x_next = x̂_0
        var previous = (x * (scaleNext / scale)) - (dataPrediction * decay);
        if (!firstOrder)
        {
            var (alphaPrevious, scalePrevious) = AlphaAndScale(sigmas[index - 1]);
            var ratio = (Lambda(alpha, scale) - Lambda(alphaPrevious, scalePrevious)) / h;
            var d1 = (dataPrediction - previousDataPrediction!) * (1.0 / ratio);
            previous = heun
                ? previous + (d1 * (alphaNext * (((Math.Exp(-h) - 1.0) / h) + 1.0)))
                : previous - (d1 * (0.5 * decay));
        }

        if (solverOrder > 1)
        {
            previousDataPrediction?.Dispose();
            previousDataPrediction = dataPrediction.alias().DetachFromDisposeScope();
        }

        stepsTaken++;
        cursor.Advance();
        return new SchedulerStepOutput(previous.MoveToOuterDisposeScope(), dataPrediction.MoveToOuterDisposeScope());
    }

    /// <inheritdoc/>
    /// <remarks>Releases the previous step's data prediction.</remarks>
    public void Dispose() => ResetState();

    /// <summary>diffusers <c>_sigma_to_alpha_sigma_t</c>: the variance-preserving (α, s) of a variance-exploding σ.</summary>
    private static (double Alpha, double Scale) AlphaAndScale(double sigma)
    {
        var alpha = 1.0 / Math.Sqrt((sigma * sigma) + 1.0);
        return (alpha, sigma * alpha);
    }

    /// <summary>Half the log signal-to-noise ratio, λ = log α − log s (+∞ at s = 0).</summary>
    private static double Lambda(double alpha, double scale) => Math.Log(alpha) - Math.Log(scale);

    private void ResetState()
    {
        previousDataPrediction?.Dispose();
        previousDataPrediction = null;
        stepsTaken = 0;
        cursor.Reset();
    }
}
