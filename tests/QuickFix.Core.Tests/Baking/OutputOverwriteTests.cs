using QuickFix.Baking;
using QuickFix.Checkpoints;
using QuickFix.Checkpoints.Layouts;
using QuickFix.Checkpoints.Manifests;

namespace QuickFix.Tests.Baking;

/// <summary>
/// What an output may replace: its own earlier bake, an empty folder, anything else only with Force (QF1009); the
/// base model never, however the path reaches it (QF1001).
/// </summary>
public sealed class OutputOverwriteTests
{
    [Fact]
    public void A_folder_the_tool_did_not_write_is_refused_unless_forced()
    {
        using var scenario = new BakeScenario(CheckpointLayout.Diffusers);
        Directory.CreateDirectory(scenario.Output);
        File.WriteAllText(Path.Combine(scenario.Output, "notes.txt"), "mine");

        var error = Assert.Throws<BakeException>(() => scenario.Bake(scenario.A));

        Assert.Equal("QF1009", error.Code);
        Assert.True(error.IsInputError);
        Assert.Equal(scenario.Output, error.FilePath);
        Assert.Equal(
            $"'{scenario.Output}' exists and was not written by QuickFix.Build (no quickfix.manifest.json of its own beside it); "
            + "refusing to replace it: move it away, or pass --force (MSBuild: QuickFixForce=true)",
            error.Message);
        Assert.Equal("mine", File.ReadAllText(Path.Combine(scenario.Output, "notes.txt")));
        Assert.Equal(["notes.txt"], Directory.GetFileSystemEntries(scenario.Output).Select(Path.GetFileName));
        Assert.Empty(scenario.Leftovers());

        scenario.Bake(scenario.A, force: true);

        Assert.True(ManifestVerifier.Verify(scenario.Output).AllOk);
        Assert.False(File.Exists(Path.Combine(scenario.Output, "notes.txt")));
        Assert.Empty(scenario.Leftovers());
    }

    [Fact]
    public void A_file_the_tool_did_not_write_is_refused_unless_forced_and_its_own_output_is_replaced()
    {
        using var scenario = new BakeScenario(CheckpointLayout.SingleFile);
        File.WriteAllText(scenario.Output, "someone's weights");

        Assert.Equal("QF1009", Assert.Throws<BakeException>(() => scenario.Bake(scenario.A)).Code);
        Assert.Equal("someone's weights", File.ReadAllText(scenario.Output));

        scenario.Bake(scenario.A, force: true);
        scenario.Bake(scenario.B);

        Assert.Equal("B", scenario.BakedFrom());
        Assert.True(ManifestVerifier.Verify(scenario.Output).AllOk);
    }

    [Fact]
    public void A_sidecar_in_the_way_is_refused_under_the_lock_before_anything_is_replaced()
    {
        using var scenario = new BakeScenario(CheckpointLayout.SingleFile);
        var tokenizer = Path.ChangeExtension(scenario.Output, ".tokenizer");
        Directory.CreateDirectory(tokenizer);
        File.WriteAllText(Path.Combine(tokenizer, "vocab.json"), "{}");

        var error = Assert.Throws<BakeException>(() => scenario.Bake(scenario.A));

        Assert.Equal("QF1009", error.Code);
        Assert.Equal(tokenizer, error.FilePath);
        Assert.Equal("{}", File.ReadAllText(Path.Combine(tokenizer, "vocab.json")));
        Assert.False(File.Exists(scenario.Output));
        Assert.Empty(scenario.Leftovers());
    }

    [Fact]
    public void An_empty_folder_is_replaced_without_force()
    {
        using var scenario = new BakeScenario(CheckpointLayout.Diffusers);
        Directory.CreateDirectory(scenario.Output);

        scenario.Bake(scenario.A);

        Assert.True(ManifestVerifier.Verify(scenario.Output).AllOk);
    }

    [Theory]
    [InlineData("the base folder through a symbolic link")]
    [InlineData("a folder inside the base through a linked parent")]
    [InlineData("the folder that holds the base")]
    public void The_base_folder_is_never_replaced_even_forced(string how)
    {
        using var temp = new TemporaryDirectory();
        var basePath = CopyOf(TinyModels.Get(ModelFamily.SD15, CheckpointLayout.Diffusers), temp.File("models/base"));
        var hashes = HashAll(temp.File("models"));
        var output = how switch
        {
            "the base folder through a symbolic link" => Link(temp.File("link"), basePath),
            "a folder inside the base through a linked parent" => Path.Combine(Link(temp.File("link"), basePath), "edited"),
            _ => temp.File("models"),
        };

        var error = Assert.Throws<BakeException>(() => Bake(temp, basePath, output));

        Assert.Equal("QF1001", error.Code);
        var expected = how switch
        {
            "the base folder through a symbolic link" => $"is the base model ({basePath})",
            "a folder inside the base through a linked parent" => $"is inside the base model ({basePath})",
            _ => $"contains the base model ({basePath}), which replacing it would delete",
        };
        Assert.Equal($"output.path: '{output}' {expected}: it would overwrite the base model", error.Message);
        Assert.Equal(hashes, HashAll(temp.File("models")));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void The_base_file_is_never_replaced_through_a_hard_or_symbolic_link(bool hard)
    {
        using var temp = new TemporaryDirectory();
        var basePath = temp.File("models/base.safetensors");
        Directory.CreateDirectory(temp.File("models"));
        File.Copy(TinyModels.Get(ModelFamily.SD15, CheckpointLayout.SingleFile), basePath);
        var output = temp.File("edited.safetensors");
        if (hard)
        {
            Assert.True(FileLinks.LinkOrCopy(basePath, output), "this file system has no hard links");
        }
        else
        {
            File.CreateSymbolicLink(output, basePath);
        }

        var error = Assert.Throws<BakeException>(() => Bake(temp, basePath, output));

        Assert.Equal("QF1001", error.Code);
        Assert.EndsWith(hard ? $"is a hard link of the base model ({basePath}): it would overwrite the base model" : $"is the base model ({basePath}): it would overwrite the base model", error.Message, StringComparison.Ordinal);
    }

    private static void Bake(TemporaryDirectory temp, string basePath, string output)
    {
        var recipe = temp.File("edits.yaml");
        File.WriteAllText(recipe, $"""
            version: 1
            model: {"{"} path: {basePath} {"}"}
            output: {"{"} path: unused {"}"}
            edits: [{"{"} key: Van Gogh, value: painting {"}"}]
            """);
        RecipeBaker.Bake(QuickFix.Recipes.RecipeLoader.Load(recipe), new BakeOptions(OutputPath: output, Trace: false, Images: false, Force: true));
    }

    private static string Link(string path, string target)
    {
        Directory.CreateSymbolicLink(path, target);
        return path;
    }

    private static string CopyOf(string source, string destination)
    {
        foreach (var file in Directory.GetFiles(source, "*", SearchOption.AllDirectories))
        {
            var copy = Path.Combine(destination, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(file, copy);
        }

        return destination;
    }

    private static Dictionary<string, string> HashAll(string folder) =>
        Directory.GetFiles(folder, "*", SearchOption.AllDirectories).ToDictionary(f => f, f => CheckpointHasher.HashFile(f, 0).Sha256);
}
