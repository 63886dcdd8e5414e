using QuickFix.Baking;
using QuickFix.Checkpoints;
using QuickFix.Checkpoints.Layouts;
using QuickFix.Checkpoints.Manifests;
using QuickFix.Recipes;

namespace QuickFix.Tests.Baking;

/// <summary><c>apply --delta</c>: an earlier bake's delta replays onto the same base, and only onto it.</summary>
public sealed class DeltaReplayTests
{
    private static Recipe Recipe(TemporaryDirectory temp, string model)
    {
        var path = temp.File("edits.yaml");
        File.WriteAllText(path, $"""
            version: 1
            model: {"{"} path: {model} {"}"}
            output: {"{"} path: first, delta: true {"}"}
            edits: [{"{"} key: Van Gogh, value: painting {"}"}]
            """);
        return RecipeLoader.Load(path);
    }

    [Theory]
    [InlineData(CheckpointLayout.Diffusers)]
    [InlineData(CheckpointLayout.SingleFile)]
    public void Replaying_the_delta_reproduces_the_edited_checkpoint_byte_for_byte(CheckpointLayout layout)
    {
        using var temp = new TemporaryDirectory();
        var basePath = TinyModels.Get(ModelFamily.SDXL, layout);
        var recipe = Recipe(temp, basePath);
        var single = layout == CheckpointLayout.SingleFile;
        var first = RecipeBaker.Bake(recipe, new BakeOptions(OutputPath: temp.File(single ? "first.safetensors" : "first"), Trace: false, Images: false));
        var delta = single ? temp.File("first.delta.safetensors") : Path.Combine(first.OutputPath, "quickfix.delta.safetensors");

        var replayed = RecipeBaker.Bake(
            recipe, new BakeOptions(OutputPath: temp.File(single ? "second.safetensors" : "second"), Images: false, ReplayDelta: delta));

        Assert.Equal(2, replayed.Manifest.ChangedTensors.Count);
        foreach (var change in first.Manifest.ChangedTensors)
        {
            var a = single ? first.OutputPath : Path.Combine(first.OutputPath, change.File);
            var b = single ? replayed.OutputPath : Path.Combine(replayed.OutputPath, change.File);
            Assert.Equal(File.ReadAllBytes(a), File.ReadAllBytes(b));
        }

        // The bake measures the change on the float64 solution, the replay on the stored (rounded) weights.
        Assert.Equal(
            first.Manifest.ChangedTensors.Select(c => c.RelativeChange),
            replayed.Manifest.ChangedTensors.Select(c => c.RelativeChange),
            new ToleranceComparer(1e-6));
        Assert.True(ManifestVerifier.Verify(replayed.OutputPath).AllOk);
    }

    [Fact]
    public void A_delta_made_from_another_base_is_refused()
    {
        using var temp = new TemporaryDirectory();
        var first = RecipeBaker.Bake(Recipe(temp, TinyModels.Get(ModelFamily.SD15, CheckpointLayout.Diffusers)), new BakeOptions(Trace: false, Images: false));
        var otherBase = temp.File("other-base");
        QuickFix.Checkpoints.Synthesis.CheckpointSynthesizer.Synthesize(
            new QuickFix.Checkpoints.Synthesis.SynthesisOptions(ModelFamily.SD15, ModelSize.Tiny, CheckpointLayout.Diffusers, TensorDType.F32, 43, otherBase));

        var error = Assert.Throws<BakeException>(() => RecipeBaker.Bake(
            Recipe(temp, otherBase),
            new BakeOptions(OutputPath: temp.File("second"), Images: false, ReplayDelta: Path.Combine(first.OutputPath, "quickfix.delta.safetensors"))));

        Assert.Equal("QF1007", error.Code);
        Assert.Contains("made from another", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(temp.File("second")));
    }

    private sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance * Math.Max(1, Math.Abs(y));

        public int GetHashCode(double obj) => 0;
    }
}
