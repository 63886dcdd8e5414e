using QuickFix.Checkpoints.Layouts;

namespace QuickFix.Tests.Checkpoints.Layouts;

public sealed class LatentDiffusionScheduleTests
{
    // Reference values: ldm/models/diffusion/ddpm.py register_schedule evaluated in float64 (Python) for
    // linear_start 0.00085, linear_end 0.012, 1000 steps.
    [Theory]
    [InlineData(0, 0.00085, 0.99915, -46.051701859880914, 0.9999999999999795, 0.0)]
    [InlineData(1, 0.0008546986554056862, 0.9982960278384514, -7.760242621622523, 0.5013786906459231, 0.49862121846488955)]
    [InlineData(500, 0.00481495414171188, 0.2763326838229746, -5.337877954467583, 0.003506044334014756, 0.9957465831779834)]
    [InlineData(999, 0.012, 0.004660098513077238, -4.422905496196129, 0.0008279972760209865, 0.9939253680201147)]
    public void Buffers_match_the_reference_schedule(int t, double beta, double alphaBar, double logVariance, double coef1, double coef2)
    {
        var buffers = LatentDiffusionSchedule.Compute(StableDiffusionConfig.Full(ModelFamily.SD15).Scheduler).ToDictionary(b => b.Name, b => b.Values);

        Assert.Equal(CheckpointKeyMap.ScheduleBufferNames, buffers.Keys);
        Assert.All(buffers.Values, v => Assert.Equal(1000, v.Count));
        Assert.Equal(beta, buffers["betas"][t], 1e-15);
        Assert.Equal(alphaBar, buffers["alphas_cumprod"][t], 1e-14);
        Assert.Equal(logVariance, buffers["posterior_log_variance_clipped"][t], 1e-11);
        Assert.Equal(coef1, buffers["posterior_mean_coef1"][t], 1e-12);
        Assert.Equal(coef2, buffers["posterior_mean_coef2"][t], 1e-12);
        Assert.Equal(t == 0 ? 1.0 : buffers["alphas_cumprod"][t - 1], buffers["alphas_cumprod_prev"][t]);
    }

    [Fact]
    public void Sdxl_sigmas_ascend_to_the_known_sigma_max()
    {
        var sigmas = LatentDiffusionSchedule.DenoiserSigmas(StableDiffusionConfig.Full(ModelFamily.SDXL).Scheduler);

        Assert.Equal(1000, sigmas.Count);
        Assert.Equal(0.029167158151721113, sigmas[0], 1e-14);
        Assert.Equal(14.614641229333639, sigmas[^1], 1e-10);
        Assert.True(sigmas.Zip(sigmas.Skip(1)).All(p => p.First < p.Second));
    }

    [Fact]
    public void Other_beta_schedules_are_rejected()
    {
        var scheduler = new SchedulerConfig { BetaSchedule = "squaredcos_cap_v2" };

        Assert.Throws<UnsupportedArchitectureException>(() => LatentDiffusionSchedule.Compute(scheduler));
    }
}
