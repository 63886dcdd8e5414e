using QuickFix.Checkpoints.Layouts;
using QuickFix.Sampling;

namespace QuickFix.Tests.Sampling;

/// <summary>Timesteps and sigmas of the released SD 1.5 scheduler config against diffusers' values.</summary>
public sealed class SchedulerTimestepTests
{
    // The released SD 1.5 scheduler_config.json: scaled_linear 0.00085..0.012, steps_offset 1, no timestep_spacing
    // (each class then uses its own diffusers default: DDIM leading, Euler and DPM-Solver linspace).
    private static readonly SchedulerConfig Sd15 = new();
    private static readonly double[] Alphas = ScalarReference.StableDiffusionAlphasCumprod();

    [Fact]
    public void Ddim_50_steps_are_981_961_down_to_1()
    {
        using var ddim = new DdimScheduler(Sd15);
        ddim.SetTimesteps(50);

        Assert.Equal(Enumerable.Range(0, 50).Select(i => 981.0 - (20 * i)), ddim.Timesteps);
    }

    [Fact]
    public void Ddim_4_steps_follow_CompVis_and_the_last_step_lands_on_alphas_cumprod_0()
    {
        using var ddim = new DdimScheduler(Sd15);
        ddim.SetTimesteps(4);

        Assert.Equal([751.0, 501, 251, 1], ddim.Timesteps);
        Assert.Equal(ddim.AlphasCumprod[501], ddim.PreviousAlphaCumprod(751));
        Assert.Equal(ddim.AlphasCumprod[0], ddim.PreviousAlphaCumprod(1));
        Assert.Equal(ddim.AlphasCumprod[0], ddim.FinalAlphaCumprod);
        Assert.Equal(0.99915, ddim.FinalAlphaCumprod, 12); // 1 − β_0
        using var one = new DdimScheduler(Sd15 with { SetAlphaToOne = true });
        one.SetTimesteps(4);
        Assert.Equal(1.0, one.PreviousAlphaCumprod(1));
    }

    [Fact]
    public void Ddim_trailing_and_linspace_spacings()
    {
        using var trailing = new DdimScheduler(Sd15 with { TimestepSpacing = "trailing" });
        trailing.SetTimesteps(10);
        using var linspace = new DdimScheduler(Sd15 with { TimestepSpacing = "linspace" });
        linspace.SetTimesteps(10);

        Assert.Equal(Enumerable.Range(0, 10).Select(i => 999.0 - (100 * i)), trailing.Timesteps);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => 999.0 - (111 * i)), linspace.Timesteps);
    }

    [Fact]
    public void Training_schedule_agrees_with_an_independent_computation()
    {
        using var ddim = new DdimScheduler(Sd15);

        SamplingAssert.Close(Alphas, ddim.AlphasCumprod, 1e-13);
    }

    [Fact]
    public void Euler_20_steps_with_its_default_linspace_spacing_match_diffusers()
    {
        using var euler = new EulerDiscreteScheduler(Sd15);
        euler.SetTimesteps(20);

        // diffusers: np.linspace(0, 999, 20, dtype=np.float32)[::-1] = 999, 946.4211, 893.8421, …, 52.5789, 0.
        var expected = Enumerable.Range(0, 20).Select(i => 999.0 * (19 - i) / 19).ToArray();
        Assert.Equal(20, euler.Timesteps.Count);
        for (var i = 0; i < 20; i++)
        {
            Assert.InRange(euler.Timesteps[i] - expected[i], -1e-4, 1e-4); // float32 values, as numpy stores them
        }

        Assert.Equal(946.4211, euler.Timesteps[1], 4);
        Assert.Equal(21, euler.Sigmas.Count);
        SamplingAssert.Close([.. expected.Select(t => ScalarReference.Sigma(Alphas, t)), 0.0], euler.Sigmas, 1e-6);
        Assert.Equal(14.6146, euler.Sigmas[0], 4); // SD 1.5 σ_max
        Assert.Equal(0.0292, euler.Sigmas[19], 4); // σ at timestep 0
        Assert.Equal(0.0, euler.Sigmas[20]);
        Assert.Equal(euler.Sigmas[0], euler.InitNoiseSigma);
    }

    [Fact]
    public void Euler_init_noise_sigma_is_sigma_max_before_SetTimesteps_and_sqrt_sigma_squared_plus_1_when_leading()
    {
        var sigmaMax = ScalarReference.Sigma(Alphas, 999);
        using var linspace = new EulerDiscreteScheduler(Sd15);
        using var leading = new EulerDiscreteScheduler(Sd15 with { TimestepSpacing = "leading" });

        Assert.Equal(14.614641, sigmaMax, 6);
        Assert.Equal(sigmaMax, linspace.InitNoiseSigma, 9);
        leading.SetTimesteps(20);
        Assert.Equal(Enumerable.Range(0, 20).Select(i => 951.0 - (50 * i)), leading.Timesteps);
        var sigma951 = ScalarReference.Sigma(Alphas, 951);
        Assert.Equal(sigma951, leading.Sigmas[0], 9);
        Assert.Equal(Math.Sqrt((sigma951 * sigma951) + 1), leading.InitNoiseSigma, 9);
    }

    [Theory]
    [InlineData(20, new[] { 999, 949, 899, 849, 799, 749, 699, 649, 599, 549, 500, 450, 400, 350, 300, 250, 200, 150, 100, 50 })]
    [InlineData(25, new[] { 999, 959, 919, 879, 839, 799, 759, 719, 679, 639, 599, 559, 519, 480, 440, 400, 360, 320, 280, 240, 200, 160, 120, 80, 40 })]
    public void Dpm_solver_timesteps_and_sigmas_match_diffusers(int steps, int[] expected)
    {
        using var dpm = new DpmSolverMultistepScheduler(Sd15);
        dpm.SetTimesteps(steps);

        Assert.Equal(expected.Select(t => (double)t), dpm.Timesteps);
        SamplingAssert.Close([.. expected.Select(t => ScalarReference.Sigma(Alphas, t)), 0.0], dpm.Sigmas, 1e-6);
        Assert.Equal(1.0, dpm.InitNoiseSigma);
    }

    [Fact]
    public void Dpm_solver_leading_drops_the_lowest_of_n_plus_1_points()
    {
        using var dpm = new DpmSolverMultistepScheduler(Sd15 with { TimestepSpacing = "leading" });
        dpm.SetTimesteps(20);

        // 1000 // 21 = 47: 20·47 + 1, 19·47 + 1, …, 1·47 + 1.
        Assert.Equal(Enumerable.Range(0, 20).Select(i => (47.0 * (20 - i)) + 1), dpm.Timesteps);
    }

    [Fact]
    public void Final_sigma_min_ends_on_the_sigma_of_timestep_0()
    {
        using var dpm = new DpmSolverMultistepScheduler(Sd15 with { FinalSigmasType = "sigma_min" });
        dpm.SetTimesteps(20);

        Assert.Equal(ScalarReference.Sigma(Alphas, 0), dpm.Sigmas[^1], 9);
    }
}
