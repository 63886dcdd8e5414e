using QuickFix.Checkpoints.Layouts;

namespace QuickFix.Tests.Checkpoints.Layouts;

public sealed class DiffusersInventoryTests
{
    [Theory]
    [InlineData("sd15", ModelFamily.SD15)]
    [InlineData("sd21", ModelFamily.SD21)]
    public void Every_file_equals_the_oracle_in_state_dict_order(string checkpoint, ModelFamily family)
    {
        var oracle = LayoutOracle.Diffusers(checkpoint);
        var inventory = CheckpointInventory.Create(StableDiffusionConfig.Full(family), CheckpointLayout.Diffusers, TensorDType.F32, OptionalTensors.All);

        Assert.Equal(oracle.Keys.Order(), inventory.Files.Select(f => f.RelativePath).Order());
        foreach (var file in inventory.Files)
        {
            Assert.Equal(oracle[file.RelativePath].Select(e => e.Key), LayoutOracle.Keys(file.Tensors));
        }
    }

    [Theory]
    [InlineData("sd15", ModelFamily.SD15, 196)]
    [InlineData("sd21", ModelFamily.SD21, 372)]
    public void Without_optional_tensors_the_files_hold_exactly_the_required_oracle_entries(string checkpoint, ModelFamily family, int textTensors)
    {
        var oracle = LayoutOracle.Diffusers(checkpoint);
        var inventory = CheckpointInventory.Create(StableDiffusionConfig.Full(family), CheckpointLayout.Diffusers, TensorDType.F32);

        foreach (var file in inventory.Files)
        {
            Assert.Equal(oracle[file.RelativePath].Where(e => !e.IsOptional).Select(e => e.Key), LayoutOracle.Keys(file.Tensors));
        }

        var counts = inventory.Files.ToDictionary(f => f.RelativePath, f => f.Tensors.Count);
        Assert.Equal(686, counts[DiffusersFiles.UNet]);
        Assert.Equal(248, counts[DiffusersFiles.Vae]);
        Assert.Equal(textTensors, counts[DiffusersFiles.TextEncoder]);
    }

    [Fact]
    public void Sdxl_folder_has_a_projected_second_text_encoder_and_the_add_embedding()
    {
        var inventory = CheckpointInventory.Create(StableDiffusionConfig.Full(ModelFamily.SDXL), CheckpointLayout.Diffusers, TensorDType.F16);
        var files = inventory.Files.ToDictionary(f => f.RelativePath);

        var text2 = files[DiffusersFiles.TextEncoder2].Tensors;
        Assert.Equal(2 + (32 * 16) + 2 + 1, text2.Count);
        Assert.Equal(new TensorSpec("text_projection.weight", new TensorShape(1280, 1280), TensorDType.F16), text2[^1]);
        Assert.Equal(196, files[DiffusersFiles.TextEncoder].Tensors.Count);
        var unet = files[DiffusersFiles.UNet].Tensors.ToDictionary(t => t.Name);
        Assert.Equal(1680, unet.Count);
        Assert.Equal(new TensorShape(1280, 2816), unet["add_embedding.linear_1.weight"].Shape);
        Assert.Equal(new TensorShape(1280, 2048), unet["down_blocks.2.attentions.1.transformer_blocks.9.attn2.to_k.weight"].Shape);
        Assert.Equal(new TensorShape(1280, 1280), unet["mid_block.attentions.0.proj_in.weight"].Shape);
        Assert.Equal(2_567_463_684L, unet.Values.Sum(t => t.Shape.ElementCount));
    }

    [Fact]
    public void Component_inventories_equal_the_pipeline_files()
    {
        var config = StableDiffusionConfig.Full(ModelFamily.SDXL);
        var files = CheckpointInventory.Create(config, CheckpointLayout.Diffusers, TensorDType.F32).Files.ToDictionary(f => f.RelativePath);

        Assert.Equal(files[DiffusersFiles.UNet].Tensors, ComponentInventory.UNet(config.Unet, TensorDType.F32));
        Assert.Equal(files[DiffusersFiles.Vae].Tensors, ComponentInventory.Vae(config.Vae, TensorDType.F32));
        Assert.Equal(files[DiffusersFiles.TextEncoder2].Tensors, ComponentInventory.TextEncoder(config.TextEncoder2!, TensorDType.F32));
        Assert.Equal(
            ["text_model.embeddings.position_ids"],
            ComponentInventory.TextEncoder(config.TextEncoder, TensorDType.F32, OptionalTensors.PositionIds).Select(t => t.Name)
                .Except(files[DiffusersFiles.TextEncoder].Tensors.Select(t => t.Name)));
    }

    [Fact]
    public void Unknown_block_types_are_reported()
    {
        var config = StableDiffusionConfig.Full(ModelFamily.SD15);
        var bad = config with { Unet = config.Unet with { DownBlockTypes = ["AttnDownBlock2D", "DownBlock2D", "DownBlock2D", "DownBlock2D"] } };

        var error = Assert.Throws<UnsupportedArchitectureException>(() => CheckpointInventory.Create(bad, CheckpointLayout.Diffusers, TensorDType.F32));
        Assert.Equal("QF0502", error.Code);
        Assert.Contains("AttnDownBlock2D", error.Message, StringComparison.Ordinal);
    }
}
