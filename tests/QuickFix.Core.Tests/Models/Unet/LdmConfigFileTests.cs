using System.Text.Json.Nodes;
using QuickFix.Checkpoints.Layouts;
using QuickFix.Models.Unet;

namespace QuickFix.Tests.Models.Unet;

/// <summary>
/// The released original configs (CompVis <c>v1-inference.yaml</c>, Stability <c>v2-inference-v.yaml</c>, sgm
/// <c>sd_xl_base.yaml</c>; the model-relevant parts, verbatim) translate to the released diffusers configs, as diffusers'
/// own conversion derives them: heads from <c>num_heads</c> or per level from <c>num_head_channels</c>, linear
/// projections, transformer depths, SDXL's <c>text_time</c> embedding, VAE channels and scaling factor.
/// </summary>
public sealed class LdmConfigFileTests
{
    private const string Sd15 = """
        model:
          target: ldm.models.diffusion.ddpm.LatentDiffusion
          params:
            image_size: 64
            channels: 4
            scale_factor: 0.18215
            unet_config:
              target: ldm.modules.diffusionmodules.openaimodel.UNetModel
              params:
                image_size: 32 # unused
                in_channels: 4
                out_channels: 4
                model_channels: 320
                attention_resolutions: [ 4, 2, 1 ]
                num_res_blocks: 2
                channel_mult: [ 1, 2, 4, 4 ]
                num_heads: 8
                use_spatial_transformer: True
                transformer_depth: 1
                context_dim: 768
                use_checkpoint: True
                legacy: False
            first_stage_config:
              target: ldm.models.autoencoder.AutoencoderKL
              params:
                embed_dim: 4
                ddconfig:
                  double_z: true
                  z_channels: 4
                  resolution: 256
                  in_channels: 3
                  out_ch: 3
                  ch: 128
                  ch_mult:
                  - 1
                  - 2
                  - 4
                  - 4
                  num_res_blocks: 2
                  attn_resolutions: []
                  dropout: 0.0
        """;

    private const string Sd21 = """
        model:
          target: ldm.models.diffusion.ddpm.LatentDiffusion
          params:
            parameterization: "v"
            image_size: 96
            scale_factor: 0.18215
            unet_config:
              target: ldm.modules.diffusionmodules.openaimodel.UNetModel
              params:
                use_checkpoint: True
                use_fp16: True
                image_size: 32 # unused
                in_channels: 4
                out_channels: 4
                model_channels: 320
                attention_resolutions: [ 4, 2, 1 ]
                num_res_blocks: 2
                channel_mult: [ 1, 2, 4, 4 ]
                num_head_channels: 64 # need to fix for flash-attn
                use_spatial_transformer: True
                use_linear_in_transformer: True
                transformer_depth: 1
                context_dim: 1024
                legacy: False
            first_stage_config:
              target: ldm.models.autoencoder.AutoencoderKL
              params:
                embed_dim: 4
                ddconfig:
                  double_z: true
                  z_channels: 4
                  resolution: 256
                  in_channels: 3
                  out_ch: 3
                  ch: 128
                  ch_mult: [ 1, 2, 4, 4 ]
                  num_res_blocks: 2
                  attn_resolutions: []
                  dropout: 0.0
        """;

    private const string Sdxl = """
        model:
          target: sgm.models.diffusion.DiffusionEngine
          params:
            scale_factor: 0.13025
            disable_first_stage_autocast: True
            network_config:
              target: sgm.modules.diffusionmodules.openaimodel.UNetModel
              params:
                adm_in_channels: 2816
                num_classes: sequential
                use_checkpoint: True
                in_channels: 4
                out_channels: 4
                model_channels: 320
                attention_resolutions: [4, 2]
                num_res_blocks: 2
                channel_mult: [1, 2, 4]
                num_head_channels: 64
                use_linear_in_transformer: True
                transformer_depth: [1, 2, 10]
                context_dim: 2048
                spatial_transformer_attn_type: softmax-xformers
            first_stage_config:
              target: sgm.models.autoencoder.AutoencoderKLInferenceWrapper
              params:
                embed_dim: 4
                ddconfig:
                  attn_type: vanilla-xformers
                  double_z: true
                  z_channels: 4
                  resolution: 256
                  in_channels: 3
                  out_ch: 3
                  ch: 128
                  ch_mult: [1, 2, 4, 4]
                  num_res_blocks: 2
                  attn_resolutions: []
                  dropout: 0.0
        """;

    // Bookkeeping and runtime fields the original configs do not carry.
    private static readonly string[] Ignored = ["_diffusers_version", "sample_size", "upcast_attention", "force_upcast"];

    [Theory]
    [InlineData(ModelFamily.SD15, Sd15)]
    [InlineData(ModelFamily.SD21, Sd21)]
    [InlineData(ModelFamily.SDXL, Sdxl)]
    public void Released_original_configs_translate_to_the_released_diffusers_configs(ModelFamily family, string yaml)
    {
        using var temp = new TemporaryDirectory();
        var path = temp.File("model.yaml");
        File.WriteAllText(path, yaml);
        var released = StableDiffusionConfig.Full(family);

        var (unet, vae) = LdmConfigFile.Read(path, defaultScalingFactor: 1);

        Assert.Equal(Architecture(released.Unet), Architecture(unet));
        Assert.Equal(Architecture(released.Vae), Architecture(vae));
    }

    [Fact]
    public void The_sidecar_is_the_checkpoint_path_with_a_yaml_extension()
    {
        Assert.Equal(Path.Combine("models", "v1-5.yaml"), LdmConfigFile.SidecarPath(Path.Combine("models", "v1-5.safetensors")));
    }

    private static string Architecture<T>(T config)
        where T : class
    {
        var node = JsonNode.Parse(DiffusersConfigJson.Serialize(config))!.AsObject();
        foreach (var key in Ignored)
        {
            node.Remove(key);
        }

        return node.ToJsonString();
    }
}
