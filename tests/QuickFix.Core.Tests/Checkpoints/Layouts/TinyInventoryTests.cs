using System.Text.RegularExpressions;
using QuickFix.Checkpoints.Layouts;

namespace QuickFix.Tests.Checkpoints.Layouts;

public sealed partial class TinyInventoryTests
{
    private const int TinyVocabulary = 1000;

    [Theory]
    [InlineData(ModelFamily.SD15, CheckpointLayout.Diffusers)]
    [InlineData(ModelFamily.SD15, CheckpointLayout.SingleFile)]
    [InlineData(ModelFamily.SD21, CheckpointLayout.Diffusers)]
    [InlineData(ModelFamily.SD21, CheckpointLayout.SingleFile)]
    [InlineData(ModelFamily.SDXL, CheckpointLayout.Diffusers)]
    [InlineData(ModelFamily.SDXL, CheckpointLayout.SingleFile)]
    public void Tiny_checkpoints_have_the_full_name_patterns_and_stay_small(ModelFamily family, CheckpointLayout layout)
    {
        var tiny = CheckpointInventory.Create(family, ModelSize.Tiny, layout, TensorDType.F32, TinyVocabulary, OptionalTensors.All);
        var full = CheckpointInventory.Create(family, ModelSize.Full, layout, TensorDType.F32, TinyVocabulary, OptionalTensors.All);

        Assert.InRange(tiny.DataByteCount, 1, 20L * 1024 * 1024);
        Assert.Equal(full.Files.Select(f => f.RelativePath), tiny.Files.Select(f => f.RelativePath));
        foreach (var (tinyFile, fullFile) in tiny.Files.Zip(full.Files))
        {
            // Same patterns with the same count per pattern, text layer indices aside (2 tiny layers vs 12/23/32).
            Assert.Equal(PatternCounts(fullFile.Tensors), PatternCounts(tinyFile.Tensors));
            var tinyRanks = tinyFile.Tensors.ToDictionary(t => t.Name, t => t.Shape.Rank);
            Assert.All(fullFile.Tensors.Where(t => tinyRanks.ContainsKey(t.Name)), t => Assert.Equal(t.Shape.Rank, tinyRanks[t.Name]));
        }
    }

    [Fact]
    public void Tiny_text_encoders_use_the_given_vocabulary_and_64_wide_heads()
    {
        var config = StableDiffusionConfig.Tiny(ModelFamily.SDXL, textVocabSize: 777);
        var files = CheckpointInventory.Create(config, CheckpointLayout.Diffusers, TensorDType.F16).Files.ToDictionary(f => f.RelativePath);

        Assert.Equal(new TensorShape(777, 64), files[DiffusersFiles.TextEncoder].Tensors.Single(t => t.Name.EndsWith("token_embedding.weight", StringComparison.Ordinal)).Shape);
        Assert.Equal(new TensorShape(777, 128), files[DiffusersFiles.TextEncoder2].Tensors.Single(t => t.Name.EndsWith("token_embedding.weight", StringComparison.Ordinal)).Shape);
        Assert.Equal((1, 2), (config.TextEncoder.NumAttentionHeads, config.TextEncoder2!.NumAttentionHeads));
        Assert.Equal(64 + 128, config.Unet.CrossAttentionDim);
        Assert.Equal(new TensorShape(32, 176), files[DiffusersFiles.UNet].Tensors.Single(t => t.Name == "add_embedding.linear_1.weight").Shape);
        // SD 2.x tiny: diffusers keeps 2 layers, the single file stores a third that only it has.
        var sd21 = CheckpointKeyMap.Create(StableDiffusionConfig.Tiny(ModelFamily.SD21, 777)).FileOnlyTensors
            .Where(e => e.Name.Contains(".resblocks.", StringComparison.Ordinal)).ToList();
        Assert.Equal(12, sd21.Count);
        Assert.All(sd21, e => Assert.StartsWith("cond_stage_model.model.transformer.resblocks.2.", e.Name, StringComparison.Ordinal));
    }

    /// <summary>Tensor count per name pattern (all indices replaced by N); text layers counted per layer.</summary>
    private static Dictionary<string, int> PatternCounts(IEnumerable<TensorSpec> tensors)
    {
        var counts = new Dictionary<string, int>();
        foreach (var tensor in tensors)
        {
            // Per-layer text patterns occur once per text layer: count them as "present" only.
            var isTextLayer = TextLayer().IsMatch(tensor.Name);
            var pattern = isTextLayer ? Index().Replace(tensor.Name, "N") : tensor.Name;
            counts[pattern] = isTextLayer ? 1 : counts.GetValueOrDefault(pattern) + 1;
        }

        return counts;
    }

    [GeneratedRegex(@"(encoder\.layers|resblocks)\.\d+\.")]
    private static partial Regex TextLayer();

    [GeneratedRegex(@"(?<=(layers|resblocks)\.)\d+")]
    private static partial Regex Index();
}
