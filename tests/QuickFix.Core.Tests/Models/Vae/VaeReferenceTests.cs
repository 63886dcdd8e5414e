using QuickFix.Checkpoints;
using QuickFix.Models.Unet;
using QuickFix.Tests.Models.Unet;
using TorchSharp;
using Xunit.Abstractions;

namespace QuickFix.Tests.Models.Vae;

/// <summary>The VAE of the ldm-tiny single file against CompVis' <c>AutoencoderKL</c> on the same F16 weights (README §3 (b)).</summary>
public sealed class VaeReferenceTests(ITestOutputHelper output)
{
    [Fact]
    public void Decoding_diffusion_space_latents_matches_decode_first_stage()
    {
        using var checkpoint = Checkpoint.Open(LdmTinyFixture.ModelPath);
        using var expected = SafetensorsFile.Open(LdmTinyFixture.ExpectedPath);
        using var vae = StableDiffusionComponents.Resolve(checkpoint).LoadVae();
        using var scope = torch.NewDisposeScope();
        using var inference = torch.inference_mode();

        Assert.Equal(0.18215, vae.ScalingFactor);
        var z = LdmTinyFixture.Expected(expected, "vae.decode.z");
        var unscaled = LdmTinyFixture.AssertClose(vae.Unscale(z), expected, "vae.decode.z_unscaled");
        var image = LdmTinyFixture.AssertClose(vae.DecodeLatents(z), expected, "vae.decode.image");
        var raw = LdmTinyFixture.AssertClose(vae.Decode(LdmTinyFixture.Expected(expected, "vae.decode.z_unscaled")), expected, "vae.decode.image");
        output.WriteLine($"z_unscaled {unscaled:E2}, image {image:E2}, image from z_unscaled {raw:E2}");
    }

    [Fact]
    public void Encoding_an_image_matches_the_posterior_and_the_scaled_latent()
    {
        using var checkpoint = Checkpoint.Open(LdmTinyFixture.ModelPath);
        using var expected = SafetensorsFile.Open(LdmTinyFixture.ExpectedPath);
        using var vae = StableDiffusionComponents.Resolve(checkpoint).LoadVae();
        using var scope = torch.NewDisposeScope();
        using var inference = torch.inference_mode();

        var image = LdmTinyFixture.Expected(expected, "vae.encode.image");
        var posterior = vae.Encode(image);
        var mean = LdmTinyFixture.AssertClose(posterior.Mean, expected, "vae.encode.posterior_mean");
        var logVar = LdmTinyFixture.AssertClose(posterior.LogVar, expected, "vae.encode.posterior_logvar");
        var scaled = LdmTinyFixture.AssertClose(vae.EncodeLatents(image), expected, "vae.encode.latent_scaled");
        output.WriteLine($"mean {mean:E2}, logvar {logVar:E2}, latent_scaled {scaled:E2}");
    }
}
