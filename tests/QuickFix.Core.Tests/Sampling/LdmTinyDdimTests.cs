using QuickFix.Checkpoints;
using QuickFix.Checkpoints.Layouts;
using QuickFix.Sampling;
using TorchSharp;
using static TorchSharp.torch;

namespace QuickFix.Tests.Sampling;

/// <summary>
/// The CompVis <c>DDIMSampler</c> run of the ldm-tiny fixture (README §3, semantics (c)): S = 4, η = 0, guidance 7.5,
/// the file's F16 <c>alphas_cumprod</c> upcast. The stored UNet outputs are replayed, so only the sampler is tested.
/// </summary>
public sealed class LdmTinyDdimTests
{
    // CompVis computes in float32 with float32 coefficients, this scheduler with float64 coefficients rounded once;
    // the difference is a few float32 ulps, amplified by 1/sqrt(ᾱ_751) ≈ 4 in x̂_0.
    private const double Tolerance = 1e-6;
    private const double GuidanceScale = 7.5;

    [Fact]
    public void Timesteps_and_alphas_match_the_reference_sampler()
    {
        using var expected = SafetensorsFile.Open(ExpectedPath);
        using var ddim = Create(expected);
        ddim.SetTimesteps(4);

        var timesteps = Read(expected, "ddim.timesteps");
        Assert.Equal([751.0, 501, 251, 1], timesteps);
        Assert.Equal(timesteps, ddim.Timesteps);
        Assert.Equal(Read(expected, "ddim.alphas"), timesteps.Select(t => (double)(float)ddim.AlphasCumprod[(int)t]));
        Assert.Equal(Read(expected, "ddim.alphas_prev"), timesteps.Select(t => (double)(float)ddim.PreviousAlphaCumprod((int)t)));
        Assert.Equal(0.9990234, ddim.PreviousAlphaCumprod(1), 7); // the CompVis quirk: ᾱ_0, not 1
    }

    [Fact]
    public void Replaying_the_stored_noise_predictions_reproduces_pred_x0_and_every_intermediate_latent()
    {
        using var expected = SafetensorsFile.Open(ExpectedPath);
        using var ddim = Create(expected);
        using var scope = torch.NewDisposeScope();
        ddim.SetTimesteps(4);
        var conditional = SafetensorsTorch.Read(expected, expected["ddim.eps_cond"]);
        var unconditional = SafetensorsTorch.Read(expected, expected["ddim.eps_uncond"]);
        var predictedOriginals = SafetensorsTorch.Read(expected, expected["ddim.pred_x0"]);
        var intermediates = SafetensorsTorch.Read(expected, expected["ddim.x_inter"]);
        var x = SafetensorsTorch.Read(expected, expected["ddim.x_T"]);

        for (var i = 0; i < ddim.Timesteps.Count; i++)
        {
            // CompVis: e_t = e_t_uncond + scale * (e_t - e_t_uncond), in float32.
            var guided = unconditional[i] + ((conditional[i] - unconditional[i]) * GuidanceScale);
            var step = ddim.Step(guided, ddim.Timesteps[i], x);
            SamplingAssert.CloseTensor(SamplingAssert.Values(predictedOriginals[i]), step.PredOriginalSample!, Tolerance);
            SamplingAssert.CloseTensor(SamplingAssert.Values(intermediates[i + 1]), step.PrevSample, Tolerance);
            x = step.PrevSample;
        }

        SamplingAssert.CloseTensor(SamplingAssert.Values(SafetensorsTorch.Read(expected, expected["ddim.latent_out"])), x, Tolerance);
    }

    [Fact]
    public void Setting_the_final_alpha_to_one_misses_the_reference_latent()
    {
        // The CompVis quirk is visible in the output: ending on ᾱ = 1 instead of ᾱ_0 moves latent_out well beyond tolerance.
        using var expected = SafetensorsFile.Open(ExpectedPath);
        using var ddim = new DdimScheduler(new SchedulerConfig { SetAlphaToOne = true }, Read(expected, "schedule.alphas_cumprod"));
        using var scope = torch.NewDisposeScope();
        ddim.SetTimesteps(4);
        var conditional = SafetensorsTorch.Read(expected, expected["ddim.eps_cond"]);
        var unconditional = SafetensorsTorch.Read(expected, expected["ddim.eps_uncond"]);
        var x = SafetensorsTorch.Read(expected, expected["ddim.x_T"]);
        for (var i = 0; i < 4; i++)
        {
            x = ddim.Step(unconditional[i] + ((conditional[i] - unconditional[i]) * GuidanceScale), ddim.Timesteps[i], x).PrevSample;
        }

        var error = SamplingAssert.RelativeMaxError(SamplingAssert.Values(x), Read(expected, "ddim.latent_out"));
        Assert.True(error > 1e-4, $"only {error:E2}");
    }

    [Fact]
    public void A_recomputed_schedule_is_measurably_off_so_the_file_schedule_is_needed()
    {
        using var expected = SafetensorsFile.Open(ExpectedPath);
        using var fromFile = Create(expected);
        using var recomputed = new DdimScheduler(new SchedulerConfig());

        // README §3: the recomputed float32 schedule differs from the F16 buffer by up to 2.4e-4 relative (ddim.alphas).
        var worst = new[] { 751, 501, 251, 1 }.Max(t => Math.Abs(recomputed.AlphasCumprod[t] / fromFile.AlphasCumprod[t] - 1));
        Assert.InRange(worst, 1e-5, 1e-3);
    }

    private static string ExpectedPath => SharedData.Reference("ldm-tiny", "expected.safetensors");

    private static DdimScheduler Create(SafetensorsFile expected) =>
        new(new SchedulerConfig(), Read(expected, "schedule.alphas_cumprod"));

    private static double[] Read(SafetensorsFile file, string name)
    {
        using var tensor = SafetensorsTorch.Read(file, file[name]);
        return SamplingAssert.Values(tensor);
    }
}
