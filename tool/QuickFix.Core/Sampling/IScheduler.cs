using System.Diagnostics.CodeAnalysis;
using QuickFix.Checkpoints.Layouts;
using static TorchSharp.torch;

namespace QuickFix.Sampling;

/// <summary>
/// A diffusion sampler in the shape of diffusers' <c>SchedulerMixin</c>: <see cref="SetTimesteps"/> once per run, then
/// for each <c>t</c> in <see cref="Timesteps"/>: <c>input = ScaleModelInput(x, t)</c>, <c>out = model(input, t)</c>,
/// <c>x = Step(out, t, x).PrevSample</c>, starting from noise scaled by <see cref="InitNoiseSigma"/>.
/// </summary>
/// <remarks>
/// Timesteps are doubles because Euler with <c>linspace</c> spacing (diffusers' default for that class) feeds the
/// model fractional timesteps; DDIM and DPM-Solver timesteps are always whole numbers. Instances hold per-run state
/// (the step counter, DPM-Solver's previous model outputs): use one instance per sampling run at a time. Dispose
/// releases the tensors a multistep scheduler keeps between steps.
/// </remarks>
public interface IScheduler : IDisposable
{
    /// <summary>The diffusers config the scheduler was built from.</summary>
    SchedulerConfig Config { get; }

    /// <summary>The timesteps of the run in execution order (descending); empty until <see cref="SetTimesteps"/>.</summary>
    IReadOnlyList<double> Timesteps { get; }

    /// <summary>Standard deviation of the initial noise: multiply unit Gaussian noise by it to get <c>x_T</c>.</summary>
    double InitNoiseSigma { get; }

    /// <summary>Chooses <paramref name="steps"/> inference timesteps and resets any per-run state.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="steps"/> is below 1 or above the training timesteps.</exception>
    void SetTimesteps(int steps);

    /// <summary>
    /// The model input for <paramref name="sample"/> at <paramref name="timestep"/> (Euler divides by
    /// <c>sqrt(sigma² + 1)</c>; the others return a new handle to the same values).
    /// </summary>
    Tensor ScaleModelInput(Tensor sample, double timestep);

    /// <summary>One reverse-diffusion step from <paramref name="sample"/> at <paramref name="timestep"/>.</summary>
    /// <exception cref="InvalidOperationException"><see cref="SetTimesteps"/> has not been called, or every step has run.</exception>
    /// <exception cref="ArgumentException">The tensors' shapes differ, or the timestep is not one this run expects.</exception>
    [SuppressMessage("Naming", "CA1716:Identifiers should not match keywords", Justification = "diffusers' name ('step'); VB's keyword does not concern this C# engine.")]
    SchedulerStepOutput Step(Tensor modelOutput, double timestep, Tensor sample);
}
