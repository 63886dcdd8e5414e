using System.Text.Json.Nodes;
using QuickFix.Checkpoints.Layouts;

namespace QuickFix.Tests.Checkpoints.Layouts;

public sealed class ConfigJsonTests
{
    [Theory]
    [InlineData("sd15", ModelFamily.SD15)]
    [InlineData("sd21", ModelFamily.SD21)]
    public void Written_configs_carry_every_oracle_value(string checkpoint, ModelFamily family)
    {
        var oracle = LayoutOracle.Configs(checkpoint)["files"]!.AsObject();
        var written = CheckpointInventory.Create(StableDiffusionConfig.Full(family), CheckpointLayout.Diffusers, TensorDType.F32)
            .ConfigFiles.ToDictionary(f => f.RelativePath, f => JsonNode.Parse(f.Json)!.AsObject());

        Assert.Equal(oracle.Select(p => p.Key).Order(), written.Keys.Order());
        foreach (var file in new[] { "unet/config.json", "vae/config.json", "text_encoder/config.json", "scheduler/scheduler_config.json" })
        {
            foreach (var (key, value) in oracle[file]!.AsObject())
            {
                Assert.True(written[file].ContainsKey(key), $"{file}: {key} missing");
                Assert.True(JsonNode.DeepEquals(value, written[file][key]), $"{file}: {key} = {written[file][key]?.ToJsonString()}, oracle {value?.ToJsonString()}");
            }
        }
    }

    [Theory]
    [InlineData("sd15", ModelFamily.SD15)]
    [InlineData("sd21", ModelFamily.SD21)]
    public void Architecture_fields_agree_with_what_diffusers_derives_from_the_ldm_yaml(string checkpoint, ModelFamily family)
    {
        var derived = LayoutOracle.Configs(checkpoint)["derived_from_ldm_yaml_by_diffusers"]!.AsObject();
        var config = StableDiffusionConfig.Full(family);
        var unet = JsonNode.Parse(DiffusersConfigJson.Serialize(config.Unet))!.AsObject();
        var vae = JsonNode.Parse(DiffusersConfigJson.Serialize(config.Vae))!.AsObject();

        foreach (var (key, value) in derived["unet (create_unet_diffusers_config_from_ldm)"]!.AsObject())
        {
            Assert.True(JsonNode.DeepEquals(value, unet[key]), $"unet {key}");
        }

        foreach (var (key, value) in derived["vae (create_vae_diffusers_config_from_ldm)"]!.AsObject())
        {
            Assert.True(JsonNode.DeepEquals(value, vae[key]), $"vae {key}");
        }
    }

    [Theory]
    [InlineData(ModelFamily.SD15, ModelSize.Full)]
    [InlineData(ModelFamily.SD21, ModelSize.Full)]
    [InlineData(ModelFamily.SDXL, ModelSize.Full)]
    [InlineData(ModelFamily.SDXL, ModelSize.Tiny)]
    public void Configs_round_trip_through_json(ModelFamily family, ModelSize size)
    {
        var config = StableDiffusionConfig.Create(family, size, tinyTextVocabSize: 512);

        AssertRoundTrip(config.Unet);
        AssertRoundTrip(config.Vae);
        AssertRoundTrip(config.TextEncoder);
        AssertRoundTrip(config.Scheduler);
        if (config.TextEncoder2 is not null)
        {
            AssertRoundTrip(config.TextEncoder2);
        }

        var unet = DiffusersConfigJson.Deserialize<UNet2DConditionConfig>(DiffusersConfigJson.Serialize(config.Unet));
        Assert.Equal(config.Unet.BlockOutChannels, unet.BlockOutChannels);
        Assert.Equal(config.Unet.TransformerLayersPerBlock, unet.TransformerLayersPerBlock);
    }

    [Fact]
    public void Head_dim_keeps_its_scalar_or_list_spelling_and_keys_are_sorted()
    {
        var sd15 = DiffusersConfigJson.Serialize(StableDiffusionConfig.Full(ModelFamily.SD15).Unet);
        var sd21 = DiffusersConfigJson.Serialize(StableDiffusionConfig.Full(ModelFamily.SD21).Unet);

        Assert.Contains("\"attention_head_dim\": 8,", sd15, StringComparison.Ordinal);
        Assert.Contains("\"transformer_layers_per_block\": 1,", sd15, StringComparison.Ordinal);
        Assert.Equal([5, 10, 20, 20], DiffusersConfigJson.Deserialize<UNet2DConditionConfig>(sd21).AttentionHeadDim);
        var keys = JsonNode.Parse(sd15)!.AsObject().Select(p => p.Key).ToList();
        Assert.Equal(keys.Order(StringComparer.Ordinal), keys);
        Assert.StartsWith("{\n  \"_class_name\": \"UNet2DConditionModel\"", sd15.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    [Fact]
    public void Sdxl_folder_configs_name_both_text_encoders_and_the_requested_dtype()
    {
        var configs = CheckpointInventory.Create(StableDiffusionConfig.Full(ModelFamily.SDXL), CheckpointLayout.Diffusers, TensorDType.BF16)
            .ConfigFiles.ToDictionary(f => f.RelativePath, f => JsonNode.Parse(f.Json)!);

        Assert.Equal("StableDiffusionXLPipeline", (string)configs["model_index.json"]["_class_name"]!);
        Assert.Equal("CLIPTextModelWithProjection", (string)configs["model_index.json"]["text_encoder_2"]![1]!);
        Assert.Equal("bfloat16", (string)configs["text_encoder_2/config.json"]["torch_dtype"]!);
        Assert.Equal(1280, (int)configs["text_encoder_2/config.json"]["projection_dim"]!);
        Assert.Equal("text_time", (string)configs["unet/config.json"]["addition_embed_type"]!);
        Assert.Equal(0.13025, (double)configs["vae/config.json"]["scaling_factor"]!);
        Assert.Equal("EulerDiscreteScheduler", (string)configs["scheduler/scheduler_config.json"]["_class_name"]!);
        Assert.Null(configs["scheduler/scheduler_config.json"]["trained_betas"]);
        Assert.True(configs["scheduler/scheduler_config.json"].AsObject().ContainsKey("trained_betas"));
    }

    private static void AssertRoundTrip<T>(T config)
        where T : class
    {
        var json = DiffusersConfigJson.Serialize(config);
        var again = DiffusersConfigJson.Serialize(DiffusersConfigJson.Deserialize<T>(json));
        Assert.Equal(json, again);
    }
}
