using System.Text.Json;
using System.Text.Json.Nodes;
using QuickFix.Checkpoints;
using QuickFix.Checkpoints.Layouts;
using QuickFix.Models.Unet;
using TorchSharp;

namespace QuickFix.Tests.Models.Unet;

/// <summary>
/// How the UNet and VAE of a single file are found: the CompVis <c>model.yaml</c> beside ldm-tiny's file, translated to
/// diffusers configs, and the family's key map, consuming every <c>model.diffusion_model.*</c> and
/// <c>first_stage_model.*</c> tensor exactly once.
/// </summary>
public sealed class SingleFileComponentTests
{
    private static readonly string[] UNetKeys =
    [
        "in_channels", "out_channels", "block_out_channels", "layers_per_block", "down_block_types", "mid_block_type",
        "up_block_types", "cross_attention_dim", "attention_head_dim", "transformer_layers_per_block", "use_linear_projection",
        "norm_num_groups", "norm_eps", "act_fn", "flip_sin_to_cos", "freq_shift", "downsample_padding", "mid_block_scale_factor",
        "center_input_sample", "only_cross_attention", "dual_cross_attention",
    ];

    private static readonly string[] VaeKeys =
    [
        "in_channels", "out_channels", "down_block_types", "up_block_types", "block_out_channels", "layers_per_block",
        "latent_channels", "norm_num_groups", "act_fn", "scaling_factor",
    ];

    [Fact]
    public void The_sidecar_yaml_translates_to_the_fixtures_diffusers_configs()
    {
        using var checkpoint = Checkpoint.Open(LdmTinyFixture.ModelPath);
        var components = StableDiffusionComponents.Resolve(checkpoint);
        var reference = JsonNode.Parse(File.ReadAllText(SharedData.Reference("ldm-tiny", "config.json")))!["diffusers"]!;

        Assert.Equal(SharedData.Reference("ldm-tiny", "model.yaml"), components.ConfigSource);
        AssertSameFields(reference["unet"]!, JsonNode.Parse(DiffusersConfigJson.Serialize(components.UNetConfig))!, UNetKeys);
        AssertSameFields(reference["vae"]!, JsonNode.Parse(DiffusersConfigJson.Serialize(components.VaeConfig))!, VaeKeys);
    }

    [Fact]
    public void Every_UNet_and_VAE_tensor_of_the_file_is_consumed_exactly_once()
    {
        using var checkpoint = Checkpoint.Open(LdmTinyFixture.ModelPath);
        var components = StableDiffusionComponents.Resolve(checkpoint);
        using var unet = components.LoadUNet();
        using var vae = components.LoadVae();

        var consumed = FileTensorsOf(unet, components.UNetWeights).Concat(FileTensorsOf(vae, components.VaeWeights)).ToList();
        var file = checkpoint.Files.Single().File;
        var expected = file.Tensors.Select(t => t.Name)
            .Where(n => n.StartsWith("model.diffusion_model.", StringComparison.Ordinal) || n.StartsWith("first_stage_model.", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);

        Assert.Equal(208 + 124, consumed.Count);
        Assert.Equal(expected, consumed.Order(StringComparer.Ordinal));
        Assert.Contains("first_stage_model.decoder.mid.attn_1.q.weight", consumed);
        Assert.Equal([64L, 64L], components.VaeWeights.ShapeOf("decoder.mid_block.attentions.0.to_q.weight"));
    }

    [Fact]
    public void Without_the_yaml_the_file_is_rejected_naming_the_sidecar_it_needs()
    {
        using var temp = new TemporaryDirectory();
        var path = temp.File("model.safetensors");
        File.CreateSymbolicLink(path, LdmTinyFixture.ModelPath);
        using var checkpoint = Checkpoint.Open(path);

        var error = Assert.Throws<CheckpointException>(() => StableDiffusionComponents.Resolve(checkpoint));

        Assert.Equal(CheckpointError.UnexpectedTensor, error.Reason);
        Assert.Equal("model.diffusion_model.input_blocks.0.0.weight", error.TensorName);
        Assert.Contains("'model.yaml'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_yaml_that_contradicts_the_tensors_is_rejected_before_loading()
    {
        using var temp = new TemporaryDirectory();
        var path = temp.File("model.safetensors");
        File.CreateSymbolicLink(path, LdmTinyFixture.ModelPath);
        File.WriteAllText(temp.File("model.yaml"), ReferenceYaml().Replace("num_res_blocks: 1\n        channel_mult", "num_res_blocks: 2\n        channel_mult", StringComparison.Ordinal));
        using var checkpoint = Checkpoint.Open(path);

        var error = Assert.Throws<CheckpointException>(() => StableDiffusionComponents.Resolve(checkpoint));

        Assert.Equal(CheckpointError.UnexpectedTensor, error.Reason);
        Assert.Contains("model.yaml", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_head_count_comes_from_the_yaml_and_changes_the_prediction()
    {
        using var temp = new TemporaryDirectory();
        var path = temp.File("model.safetensors");
        File.CreateSymbolicLink(path, LdmTinyFixture.ModelPath);
        File.WriteAllText(temp.File("model.yaml"), ReferenceYaml().Replace("num_heads: 4", "num_heads: 2", StringComparison.Ordinal));
        using var checkpoint = Checkpoint.Open(path);
        using var expected = SafetensorsFile.Open(LdmTinyFixture.ExpectedPath);
        var components = StableDiffusionComponents.Resolve(checkpoint);
        using var unet = components.LoadUNet();
        using var scope = torch.NewDisposeScope();

        var eps = unet.Forward(
            LdmTinyFixture.Expected(expected, "unet.x"), LdmTinyFixture.Expected(expected, "unet.timesteps"), LdmTinyFixture.Expected(expected, "unet.context"));

        Assert.Equal([2], components.UNetConfig.AttentionHeadDim);
        using var reference = LdmTinyFixture.Expected(expected, "unet.eps");
        var error = Tests.Models.ClipReferenceFixture.RelativeMaxError(eps.data<float>().ToArray(), reference.data<float>().ToArray());
        Assert.True(error > 1e-3, $"2 heads instead of 4 moved eps by only {error:E2}");
    }

    [Fact]
    public void Invalid_yaml_is_reported_as_an_invalid_config()
    {
        using var temp = new TemporaryDirectory();
        var path = temp.File("model.safetensors");
        File.CreateSymbolicLink(path, LdmTinyFixture.ModelPath);
        File.WriteAllText(temp.File("model.yaml"), ReferenceYaml().Replace("context_dim: 128", "context_dim: wide", StringComparison.Ordinal));
        using var checkpoint = Checkpoint.Open(path);

        var error = Assert.Throws<CheckpointException>(() => StableDiffusionComponents.Resolve(checkpoint));

        Assert.Equal(CheckpointError.InvalidConfig, error.Reason);
        Assert.Equal(temp.File("model.yaml"), error.FilePath);
        Assert.Contains("context_dim", error.Message, StringComparison.Ordinal);
    }

    private static string ReferenceYaml() => File.ReadAllText(SharedData.Reference("ldm-tiny", "model.yaml"));

    private static IEnumerable<string> FileTensorsOf(TorchSharp.torch.nn.Module module, QuickFix.Models.IWeightSource weights) =>
        module.named_parameters().Select(p => ((ComponentWeightSource)weights).Locate(p.name).TensorName);

    private static void AssertSameFields(JsonNode reference, JsonNode actual, IEnumerable<string> keys)
    {
        foreach (var key in keys)
        {
            var expected = reference[key] ?? throw new KeyNotFoundException(key);
            var value = actual[key] ?? throw new KeyNotFoundException(key);
            var same = expected.GetValueKind() == JsonValueKind.Number && value.GetValueKind() == JsonValueKind.Number
                ? expected.GetValue<double>() == value.GetValue<double>()
                : JsonNode.DeepEquals(expected, value);
            Assert.True(same, $"{key}: expected {expected.ToJsonString()}, got {value.ToJsonString()}");
        }
    }
}
