using QuickFix.Baking;
using QuickFix.Checkpoints.Manifests;
using QuickFix.Recipes;
using QuickFix.Tests.Tracing;

namespace QuickFix.Tests.Baking;

/// <summary><c>trace.mode</c> in <c>apply</c>: the edited component must be where the subject lives.</summary>
public sealed class TraceGateTests
{
    private static Recipe Recipe(TemporaryDirectory temp, string model, string mode)
    {
        var path = temp.File($"edits-{mode}.yaml");
        File.WriteAllText(path, $"""
            version: 1
            model: {"{"} path: {model} {"}"}
            output: {"{"} path: {temp.File("out-" + mode)} {"}"}
            trace: {"{"} mode: {mode} {"}"}
            edits:
              - {"{"} key: Van Gogh, value: painting {"}"}
            """);
        return RecipeLoader.Load(path);
    }

    [Fact]
    public void Require_passes_when_layer0_attention_carries_the_subject_and_records_the_verdict()
    {
        using var temp = new TemporaryDirectory();
        using var rewired = TracedEncoder.OnlyLayer0AttentionCarriesTheSubject();
        var model = rewired.SaveAsFolder(temp.File("rewired"));

        var result = RecipeBaker.Bake(Recipe(temp, model, "require"), new BakeOptions(Images: false));

        var trace = Assert.IsType<ManifestTrace>(result.Manifest.Trace);
        Assert.True(trace.Confirmed);
        var entry = Assert.Single(trace.Traces);
        Assert.Equal("A photo of Van Gogh", entry.Prompt);
        Assert.Equal(1, entry.Rank);
        Assert.True(entry.Effect > 0.5, $"effect {entry.Effect}");
        Assert.True(ManifestVerifier.Verify(result.OutputPath).AllOk);
    }

    [Fact]
    public void Require_fails_as_a_gate_and_writes_nothing_when_the_component_is_not_confirmed()
    {
        using var temp = new TemporaryDirectory();

        var error = Assert.Throws<BakeException>(() =>
            RecipeBaker.Bake(Recipe(temp, SharedData.Reference("clip-text"), "require"), new BakeOptions(Images: false)));

        Assert.Equal("QF1005", error.Code);
        Assert.False(error.IsInputError);
        Assert.NotNull(error.Line);
        Assert.Contains("A photo of Van Gogh", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(temp.File("out-require")));
    }

    [Fact]
    public void Warn_bakes_anyway_and_says_why()
    {
        using var temp = new TemporaryDirectory();

        var result = RecipeBaker.Bake(Recipe(temp, SharedData.Reference("clip-text"), "warn"), new BakeOptions(Images: false));

        Assert.False(result.Manifest.Trace!.Confirmed);
        Assert.Contains(result.Warnings, w => w.Contains("not where the subject lives", StringComparison.Ordinal));
        Assert.True(File.Exists(result.ManifestPath));
    }

    [Fact]
    public void Off_and_no_trace_skip_the_gate()
    {
        using var temp = new TemporaryDirectory();

        var off = RecipeBaker.Bake(Recipe(temp, SharedData.Reference("clip-text"), "off"), new BakeOptions(Images: false));
        var skipped = RecipeBaker.Bake(Recipe(temp, SharedData.Reference("clip-text"), "require"), new BakeOptions(Trace: false, Images: false));

        Assert.Null(off.Manifest.Trace);
        Assert.Null(skipped.Manifest.Trace);
    }
}
