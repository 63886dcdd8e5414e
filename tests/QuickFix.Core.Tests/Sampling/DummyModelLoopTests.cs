using QuickFix.Checkpoints.Layouts;
using QuickFix.Runtime;
using QuickFix.Sampling;
using TorchSharp;
using static TorchSharp.torch;

namespace QuickFix.Tests.Sampling;

/// <summary>
/// diffusers' scheduler-test harness (also com.doji.diffusers'): the dummy model <c>sample · t/(t + 1)</c> run for 10
/// steps from a fixed sample, against <see cref="ScalarReference"/> in float64.
/// </summary>
public sealed class DummyModelLoopTests
{
    // Float32 steps against float64 scalars: the 10-step runs land within ~1e-7 relative; 1e-5 is the harness's bar.
    private const double Tolerance = 1e-5;
    private const int Steps = 10;

    private static readonly double[] Alphas = ScalarReference.StableDiffusionAlphasCumprod();

    private static readonly double[] Start = [.. Enumerable.Range(0, 12).Select(i => Math.Sin(i + 1) * (1 + (0.1 * i)))];

    public DummyModelLoopTests() => TorchRuntime.EnsureLoaded();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Ddim_matches_the_scalar_reference(bool vPrediction)
    {
        using var ddim = new DdimScheduler(Config(vPrediction));
        var timesteps = Enumerable.Range(0, Steps).Select(i => 901 - (100 * i)).ToArray(); // leading, 1000 // 10 = 100, offset 1

        var result = Run(ddim, Start);

        Assert.Equal(timesteps.Select(t => (double)t), ddim.Timesteps);
        SamplingAssert.Close(ScalarReference.Ddim(Start, Alphas, timesteps, Alphas[0], vPrediction), result, Tolerance);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Euler_matches_the_scalar_reference(bool vPrediction)
    {
        using var euler = new EulerDiscreteScheduler(Config(vPrediction));
        var timesteps = Enumerable.Range(0, Steps).Select(i => 999.0 * (Steps - 1 - i) / (Steps - 1)).ToArray(); // linspace
        var start = Start.Select(v => v * ScalarReference.Sigma(Alphas, 999)).ToArray();

        var result = Run(euler, Start);

        SamplingAssert.Close(ScalarReference.Euler(start, Alphas, timesteps, vPrediction), result, Tolerance);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Dpm_solver_plus_plus_2m_matches_the_scalar_reference(bool vPrediction)
    {
        using var dpm = new DpmSolverMultistepScheduler(Config(vPrediction));
        var timesteps = Enumerable.Range(0, Steps).Select(i => (int)Math.Round(999.0 * (Steps - i) / Steps)).ToArray(); // linspace, n + 1 points

        var result = Run(dpm, Start);

        Assert.Equal(timesteps.Select(t => (double)t), dpm.Timesteps);
        SamplingAssert.Close(ScalarReference.DpmSolverPlusPlus2M(Start, Alphas, timesteps, vPrediction), result, Tolerance);
    }

    [Theory]
    [InlineData(10, true)] // lower_order_final: fewer than 15 steps end with a first-order step
    [InlineData(16, false)] // 15 or more steps with a final σ_min: the last step stays second order
    public void Dpm_solver_with_final_sigma_min_applies_lower_order_final_below_15_steps(int steps, bool lastFirstOrder)
    {
        using var dpm = new DpmSolverMultistepScheduler(new SchedulerConfig { FinalSigmasType = "sigma_min" });
        dpm.SetTimesteps(steps);
        using var scope = torch.NewDisposeScope();
        var x = torch.tensor(Start, ScalarType.Float32);
        foreach (var t in dpm.Timesteps)
        {
            x = dpm.Step(x * (t / (t + 1)), t, x).PrevSample;
        }

        var timesteps = dpm.Timesteps.Select(t => (int)t).ToArray();
        var expected = ScalarReference.DpmSolverPlusPlus2M(Start, Alphas, timesteps, false, Alphas[0], lastFirstOrder);
        var other = ScalarReference.DpmSolverPlusPlus2M(Start, Alphas, timesteps, false, Alphas[0], !lastFirstOrder);
        SamplingAssert.CloseTensor(expected, x, Tolerance);
        Assert.True(SamplingAssert.RelativeMaxError(other, expected) > 1e-4, "the two final-step orders must be distinguishable");
    }

    [Fact]
    public void Dpm_solver_state_is_reset_by_SetTimesteps_so_a_second_run_repeats_the_first()
    {
        using var dpm = new DpmSolverMultistepScheduler(new SchedulerConfig());

        var first = Run(dpm, Start);
        var second = Run(dpm, Start);

        Assert.Equal(first, second);
    }

    [Fact]
    public void Dpm_solver_uses_second_order_in_the_middle_of_a_run()
    {
        // Guards the oracle comparison above against a first-order-only solver (DDIM-equivalent), which differs.
        using var second = new DpmSolverMultistepScheduler(new SchedulerConfig());
        using var first = new DpmSolverMultistepScheduler(new SchedulerConfig { SolverOrder = 1 });

        var difference = SamplingAssert.RelativeMaxError(Run(first, Start), Run(second, Start));

        Assert.True(difference > 1e-3, $"order 1 and 2 differ by only {difference:E2}");
    }

    [Fact]
    public void Runs_inside_a_per_step_dispose_scope_keep_the_multistep_state_alive()
    {
        using var dpm = new DpmSolverMultistepScheduler(new SchedulerConfig());
        dpm.SetTimesteps(Steps);
        var x = torch.tensor(Start, ScalarType.Float32);
        foreach (var t in dpm.Timesteps)
        {
            using var scope = torch.NewDisposeScope();
            var output = x * (t / (t + 1));
            x = dpm.Step(output, t, x).PrevSample.MoveToOuterDisposeScope();
        }

        SamplingAssert.CloseTensor(ScalarReference.DpmSolverPlusPlus2M(Start, Alphas, [.. dpm.Timesteps.Select(t => (int)t)], false), x, Tolerance);
    }

    /// <summary>The diffusers pipeline loop with the dummy model, from <paramref name="start"/> · InitNoiseSigma.</summary>
    internal static double[] Run(IScheduler scheduler, double[] start)
    {
        scheduler.SetTimesteps(Steps);
        using var scope = torch.NewDisposeScope();
        var x = torch.tensor(start, ScalarType.Float32).reshape(3, 4) * scheduler.InitNoiseSigma;
        foreach (var t in scheduler.Timesteps)
        {
            var input = scheduler.ScaleModelInput(x, t);
            var output = input * (t / (t + 1));
            x = scheduler.Step(output, t, x).PrevSample;
        }

        return SamplingAssert.Values(x.flatten());
    }

    private static SchedulerConfig Config(bool vPrediction) =>
        new() { PredictionType = vPrediction ? "v_prediction" : "epsilon" };
}
