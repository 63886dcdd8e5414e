using QuickFix.Checkpoints;
using QuickFix.Models.Unet;
using TorchSharp;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace QuickFix.Tests.Models.Unet;

/// <summary>The UNet of the ldm-tiny single file against CompVis' <c>UNetModel</c> on the same F16 weights (README §3 (a)).</summary>
public sealed class UNetReferenceTests(ITestOutputHelper output)
{
    [Fact]
    public void Timestep_features_embedding_and_noise_prediction_match_CompVis()
    {
        using var checkpoint = Checkpoint.Open(LdmTinyFixture.ModelPath);
        using var expected = SafetensorsFile.Open(LdmTinyFixture.ExpectedPath);
        var components = StableDiffusionComponents.Resolve(checkpoint);
        using var unet = components.LoadUNet();
        using var scope = torch.NewDisposeScope();
        using var inference = torch.inference_mode();

        var x = LdmTinyFixture.Expected(expected, "unet.x");
        var timesteps = LdmTinyFixture.Expected(expected, "unet.timesteps");
        var context = LdmTinyFixture.Expected(expected, "unet.context");

        var tEmb = LdmTinyFixture.AssertClose(unet.ProjectTimesteps(timesteps), expected, "unet.t_emb");
        var emb = LdmTinyFixture.AssertClose(unet.EmbedTime(timesteps, ScalarType.Float32, 2), expected, "unet.emb");
        var eps = LdmTinyFixture.AssertClose(unet.Forward(x, timesteps, context), expected, "unet.eps");
        output.WriteLine($"t_emb {tEmb:E2}, emb {emb:E2}, eps {eps:E2}");
    }
}
