using QuickFix.Checkpoints.Layouts;

namespace QuickFix.Tests.Checkpoints.Layouts;

public sealed class SingleFileInventoryTests
{
    [Theory]
    [InlineData("sd15", ModelFamily.SD15, TensorDType.F32, 1142)]
    [InlineData("sd21", ModelFamily.SD21, TensorDType.F32, 1240)]
    [InlineData("sdxl", ModelFamily.SDXL, TensorDType.F16, 2514)]
    public void Required_tensors_equal_the_oracle_names_shapes_and_dtypes(string checkpoint, ModelFamily family, TensorDType dtype, int count)
    {
        var oracle = LayoutOracle.SingleFile(checkpoint).Where(e => !e.IsOptional).Select(e => e.Key).ToHashSet();
        var file = Assert.Single(CheckpointInventory.Create(StableDiffusionConfig.Full(family), CheckpointLayout.SingleFile, dtype).Files);

        var generated = LayoutOracle.Keys(file.Tensors);
        Assert.Equal(count, oracle.Count);
        Assert.Equal(count, generated.Count);
        Assert.Equal(generated.Count, generated.Distinct().Count());
        Assert.Empty(generated.Except(oracle));
        Assert.Empty(oracle.Except(generated));
    }

    [Theory]
    [InlineData("sd15", ModelFamily.SD15, TensorDType.F32, 1145)]
    [InlineData("sd21", ModelFamily.SD21, TensorDType.F32, 1242)]
    [InlineData("sdxl", ModelFamily.SDXL, TensorDType.F16, 2516)]
    public void With_all_optional_tensors_the_inventory_equals_the_whole_oracle(string checkpoint, ModelFamily family, TensorDType dtype, int count)
    {
        var oracle = LayoutOracle.SingleFile(checkpoint).Select(e => e.Key).ToHashSet();
        var file = Assert.Single(CheckpointInventory.Create(
            StableDiffusionConfig.Full(family), CheckpointLayout.SingleFile, dtype, OptionalTensors.All).Files);

        var generated = LayoutOracle.Keys(file.Tensors);
        Assert.Equal(count, generated.Count);
        Assert.True(oracle.SetEquals(generated));
    }

    [Theory]
    [InlineData(ModelFamily.SD15, 1066247307L)]
    [InlineData(ModelFamily.SD21, 1303609228L)]
    [InlineData(ModelFamily.SDXL, 3468837868L)]
    public void Element_counts_match_the_readme_table(ModelFamily family, long elements)
    {
        var file = Assert.Single(CheckpointInventory.Create(StableDiffusionConfig.Full(family), CheckpointLayout.SingleFile, TensorDType.F32).Files);

        Assert.Equal(elements, file.Tensors.Sum(t => t.Shape.ElementCount));
        Assert.Equal(elements * 4, file.DataByteCount);
    }

    [Fact]
    public void Half_precision_changes_float_tensors_only()
    {
        var file = Assert.Single(CheckpointInventory.Create(ModelFamily.SD15, ModelSize.Full, CheckpointLayout.SingleFile,
            TensorDType.BF16, tinyTextVocabSize: 0, OptionalTensors.All).Files);

        var byName = file.Tensors.ToDictionary(t => t.Name);
        Assert.Equal(TensorDType.I64, byName["cond_stage_model.transformer.text_model.embeddings.position_ids"].DType);
        Assert.Equal(TensorDType.I32, byName["model_ema.num_updates"].DType);
        Assert.Equal(TensorDType.BF16, byName["model_ema.decay"].DType);
        Assert.Equal(TensorDType.BF16, byName["betas"].DType);
        Assert.Equal(2, file.Tensors.Count(t => t.DType is not TensorDType.BF16));
    }

    [Fact]
    public void Integer_float_type_is_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            CheckpointInventory.Create(StableDiffusionConfig.Full(ModelFamily.SD15), CheckpointLayout.SingleFile, TensorDType.I64));
    }
}
