using QuickFix.Baking;
using QuickFix.Checkpoints.Layouts;
using QuickFix.Checkpoints.Manifests;
using QuickFix.Imaging;
using QuickFix.Recipes;

namespace QuickFix.Tests.Baking;

/// <summary>The recipe's <c>images</c>: before/after images and grids, snapshot-tested against committed files.</summary>
public sealed class ImageRegenerationTests
{
    private static Recipe Recipe(TemporaryDirectory temp)
    {
        var path = temp.File("edits.yaml");
        File.WriteAllText(path, $"""
            version: 1
            model: {"{"} path: {TinyModels.Get(ModelFamily.SD15, CheckpointLayout.Diffusers)} {"}"}
            output: {"{"} path: out {"}"}
            edits: [{"{"} key: Van Gogh, value: painting {"}"}]
            images:
              prompts: ["a painting by van gogh"]
              seeds: [1, 2]
              steps: 2
              size: 32x32
              snapshots: snapshots
            """);
        return RecipeLoader.Load(path);
    }

    [Fact]
    public void A_missing_snapshot_fails_the_bake_and_keeps_no_output_until_accepted_then_matches()
    {
        using var temp = new TemporaryDirectory();
        var recipe = Recipe(temp);
        var options = new BakeOptions(Trace: false);

        var missing = Assert.Throws<BakeException>(() => RecipeBaker.Bake(recipe, options));
        Assert.Equal("QF1006", missing.Code);
        Assert.False(missing.IsInputError);
        Assert.False(Directory.Exists(temp.File("out")));
        Assert.True(File.Exists(temp.File("snapshots/prompt0-grid" + ImageSnapshot.ReceivedSuffix)));

        var accepted = RecipeBaker.Bake(recipe, options with { AcceptSnapshots = true });
        Assert.True(File.Exists(temp.File("snapshots/prompt0-grid" + ImageSnapshot.VerifiedSuffix)));
        Assert.Equal(5, accepted.Manifest.Images.Count);
        Assert.All(accepted.Manifest.Images, image => Assert.True(File.Exists(Path.Combine(accepted.OutputPath, image.Path))));

        var again = RecipeBaker.Bake(recipe, options);
        Assert.Equal("matched", again.Manifest.Images.Single(i => i.Path.EndsWith("grid.png", StringComparison.Ordinal)).Snapshot);
        Assert.Equal(
            accepted.Manifest.Images.Select(i => i.Sha256),
            again.Manifest.Images.Select(i => i.Sha256));
        Assert.True(ManifestVerifier.Verify(again.OutputPath).AllOk);
    }

    [Fact]
    public void The_edit_changes_the_after_images_and_not_the_before_images()
    {
        using var temp = new TemporaryDirectory();
        var result = RecipeBaker.Bake(Recipe(temp), new BakeOptions(Trace: false, AcceptSnapshots: true));

        string Sha(string name) => result.Manifest.Images.Single(i => i.Path == "images/" + name).Sha256;
        Assert.NotEqual(Sha("prompt0-seed1-before.png"), Sha("prompt0-seed1-after.png"));
        Assert.NotEqual(Sha("prompt0-seed1-before.png"), Sha("prompt0-seed2-before.png"));

        var baseline = temp.File("baseline");
        Directory.CreateDirectory(baseline);
        File.WriteAllText(Path.Combine(baseline, "edits.yaml"), File.ReadAllText(temp.File("edits.yaml")).Replace("key: Van Gogh", "key: Snoopy", StringComparison.Ordinal));
        var other = RecipeBaker.Bake(RecipeLoader.Load(Path.Combine(baseline, "edits.yaml")), new BakeOptions(OutputPath: temp.File("other"), Trace: false, AcceptSnapshots: true));
        Assert.Equal(Sha("prompt0-seed1-before.png"), other.Manifest.Images.Single(i => i.Path == "images/prompt0-seed1-before.png").Sha256);
    }
}
