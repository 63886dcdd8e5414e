using QuickFix.Checkpoints;
using QuickFix.Checkpoints.Layouts;
using QuickFix.Models.Unet;
using QuickFix.Tests.Checkpoints.Synthesis;
using TorchSharp;
using static TorchSharp.torch;

namespace QuickFix.Tests.Models.Unet;

/// <summary>
/// Tiny synthesized checkpoints of every family (the released module structure at small width): UNet and VAE load
/// strictly from both layouts and compute the same finite outputs of the right shapes, so the single-file mapping
/// holds for the full block structure (4 or 3 levels, 2 resnets per level, SD 2.x linear projections, SDXL's
/// transformer depths and <c>label_emb</c>), not only for ldm-tiny's.
/// </summary>
public sealed class SynthesizedComponentTests
{
    [Theory]
    [InlineData(ModelFamily.SD15, TensorDType.F16)]
    [InlineData(ModelFamily.SD21, TensorDType.F32)]
    [InlineData(ModelFamily.SDXL, TensorDType.BF16)]
    public void Diffusers_folder_and_single_file_give_the_same_finite_outputs(ModelFamily family, TensorDType dtype)
    {
        using var temp = new TemporaryDirectory();
        var diffusers = SynthesizedCheckpoint.Tiny(temp.Path, family, CheckpointLayout.Diffusers, dtype, seed: 5);
        var single = SynthesizedCheckpoint.Tiny(temp.Path, family, CheckpointLayout.SingleFile, dtype, seed: 5);
        var expectedConfig = StableDiffusionConfig.Tiny(family, diffusers.TextVocabularySize);
        var fromFolder = Run(diffusers.OutputPath, family);
        var fromFile = Run(single.OutputPath, family);

        Assert.Equal(DiffusersConfigJson.Serialize(expectedConfig.Unet), DiffusersConfigJson.Serialize(fromFile.Components.UNetConfig));
        Assert.Equal(DiffusersConfigJson.Serialize(expectedConfig.Vae), DiffusersConfigJson.Serialize(fromFile.Components.VaeConfig));
        Assert.Equal(DiffusersConfigJson.Serialize(expectedConfig.Unet), DiffusersConfigJson.Serialize(fromFolder.Components.UNetConfig));
        foreach (var (name, shape) in new[]
        {
            ("eps", new long[] { 2, 4, 8, 12 }), ("decoded", [1, 3, 32, 32]), ("mean", [1, 4, 4, 4]), ("logvar", [1, 4, 4, 4]),
        })
        {
            var a = fromFolder.Outputs[name];
            var b = fromFile.Outputs[name];
            Assert.Equal(shape.Aggregate(1L, (x, y) => x * y), a.Length);
            Assert.All(a, v => Assert.True(float.IsFinite(v)));
            Assert.True(a.Max(Math.Abs) > 0, $"{name} is all zeros");
            Assert.Equal(a, b);
        }
    }

    /// <summary>Loads UNet and VAE from <paramref name="path"/> and runs them on fixed inputs (UNet latents 8x12, VAE latents 4x4 and image 32x32).</summary>
    private static (StableDiffusionComponents Components, Dictionary<string, float[]> Outputs) Run(string path, ModelFamily family)
    {
        using var checkpoint = Checkpoint.Open(path);
        Assert.Equal(family, checkpoint.Family);
        var components = StableDiffusionComponents.Resolve(checkpoint);
        using var unet = components.LoadUNet();
        using var vae = components.LoadVae();
        using var scope = torch.NewDisposeScope();
        using var inference = torch.inference_mode();
        var generator = new Generator(7);
        var config = components.UNetConfig;
        var sample = torch.randn([2, config.InChannels, 8, 12], generator: generator);
        var context = torch.randn([2, 77, config.CrossAttentionDim], generator: generator);
        var timesteps = torch.tensor(new long[] { 999, 421 });
        UNetAddedConditions? added = null;
        if (config.AdditionEmbedType == "text_time")
        {
            var pooledWidth = config.ProjectionClassEmbeddingsInputDim!.Value - (6 * config.AdditionTimeEmbedDim!.Value);
            added = new UNetAddedConditions(
                torch.randn([2, pooledWidth], generator: generator),
                torch.tensor(new float[] { 1024, 1024, 0, 0, 1024, 1024, 768, 512, 16, 8, 768, 512 }, [2, 6]));
        }

        var eps = unet.Forward(sample, timesteps, context, added);
        var decoded = vae.DecodeLatents(torch.randn([1, 4, 4, 4], generator: generator));
        var posterior = vae.Encode(torch.rand([1, 3, 32, 32], generator: generator) * 2 - 1);
        var outputs = new Dictionary<string, float[]>
        {
            ["eps"] = eps.data<float>().ToArray(),
            ["decoded"] = decoded.data<float>().ToArray(),
            ["mean"] = posterior.Mean.data<float>().ToArray(),
            ["logvar"] = posterior.LogVar.data<float>().ToArray(),
        };
        return (components, outputs);
    }
}
