using QuickFix.Baking;
using QuickFix.Checkpoints;
using QuickFix.Checkpoints.Layouts;
using QuickFix.Checkpoints.Manifests;
using QuickFix.Editing;
using QuickFix.Models.Clip;
using QuickFix.Recipes;

namespace QuickFix.Tests.Baking;

public sealed class RecipeBakerTests
{
    internal static Recipe WriteRecipe(TemporaryDirectory temp, string model, string output, string extra = "")
    {
        var path = temp.File("edits.yaml");
        File.WriteAllText(path, $"""
            version: 1
            model:
              path: {model}
            output:
              path: {output}
              delta: true
            edits:
              - {"{"} key: Van Gogh, value: painting, kind: style {"}"}
              - {"{"} key: Snoopy, value: a dog {"}"}
            preserve: ["a photo of a cat"]
            {extra}
            """);
        return RecipeLoader.Load(path);
    }

    public static TheoryData<ModelFamily, CheckpointLayout> Bases() => new()
    {
        { ModelFamily.SD15, CheckpointLayout.Diffusers },
        { ModelFamily.SD15, CheckpointLayout.SingleFile },
        { ModelFamily.SD21, CheckpointLayout.SingleFile },
        { ModelFamily.SDXL, CheckpointLayout.Diffusers },
    };

    [Theory]
    [MemberData(nameof(Bases))]
    public void Only_the_edited_tensors_change_and_the_output_verifies(ModelFamily family, CheckpointLayout layout)
    {
        using var temp = new TemporaryDirectory();
        var basePath = TinyModels.Get(family, layout);
        var output = layout == CheckpointLayout.SingleFile ? temp.File("out/edited.safetensors") : temp.File("out/edited");
        var baseHashesBefore = HashAll(basePath);

        var result = RecipeBaker.Bake(WriteRecipe(temp, basePath, output), new BakeOptions(Trace: false, Images: false));

        using var before = Checkpoint.Open(basePath);
        using var after = Checkpoint.Open(output);
        Assert.Equal(before.Family, after.Family);
        var edited = result.Edits.Select(e => (e.File, e.Tensor)).ToHashSet();
        Assert.Equal(family == ModelFamily.SDXL ? 2 : 1, edited.Count);
        foreach (var (baseFile, outFile) in before.Files.Zip(after.Files))
        {
            foreach (var tensor in baseFile.File.Tensors)
            {
                var changed = edited.Contains((OutputRelative(output, outFile), tensor.Name));
                var same = baseFile.File.ReadBytes(tensor.Name).AsSpan().SequenceEqual(outFile.File.ReadBytes(tensor.Name));
                Assert.True(changed != same, $"{outFile.RelativePath}:{tensor.Name} changed={changed} same={same}");
            }
        }

        Assert.True(ManifestVerifier.Verify(output).AllOk);
        Assert.Equal(baseHashesBefore, HashAll(basePath));
        Assert.Equal(2, result.Manifest.Edits.Count);
        Assert.All(result.Manifest.ChangedTensors, change => Assert.NotEqual(change.Sha256Before, change.Sha256After));
    }

    [Fact]
    public void The_written_weight_is_the_solved_weight_and_the_delta_holds_it()
    {
        using var temp = new TemporaryDirectory();
        var basePath = TinyModels.Get(ModelFamily.SD15, CheckpointLayout.Diffusers);
        var output = temp.File("edited");
        var recipe = WriteRecipe(temp, basePath, output);

        var result = RecipeBaker.Bake(recipe, new BakeOptions(Trace: false, Images: false));

        using var baseModel = Checkpoint.Open(basePath);
        var expected = DiffQuickFix.Compute(
            baseModel.TextEncoders[0],
            [new ConceptEdit("Van Gogh", "painting"), new ConceptEdit("Snoopy", "a dog")],
            new EditOptions { Preserve = ["a photo of a cat"] });
        using var edited = SafetensorsFile.Open(Path.Combine(output, "text_encoder", "model.safetensors"));
        var name = DiffQuickFix.WeightName(0);
        Assert.Equal(expected.EncodedWeight.ToArray(), edited.ReadBytes(name));
        using var delta = SafetensorsFile.Open(Path.Combine(output, "quickfix.delta.safetensors"));
        Assert.Equal(expected.EncodedWeight.ToArray(), delta.ReadBytes("text_encoder." + name));
        Assert.Equal(recipe.Edits.Count, result.Edits[0].PairsPerEdit.Count);
    }

    [Fact]
    public void Baking_twice_gives_byte_identical_outputs()
    {
        using var temp = new TemporaryDirectory();
        var basePath = TinyModels.Get(ModelFamily.SD15, CheckpointLayout.SingleFile);
        var recipe = WriteRecipe(temp, basePath, temp.File("unused.safetensors"));

        RecipeBaker.Bake(recipe, new BakeOptions(OutputPath: temp.File("a.safetensors"), Trace: false, Images: false));
        RecipeBaker.Bake(recipe, new BakeOptions(OutputPath: temp.File("b.safetensors"), Trace: false, Images: false));

        Assert.Equal(File.ReadAllBytes(temp.File("a.safetensors")), File.ReadAllBytes(temp.File("b.safetensors")));
        Assert.Equal(File.ReadAllBytes(temp.File("a.delta.safetensors")), File.ReadAllBytes(temp.File("b.delta.safetensors")));
    }

    /// <summary>
    /// On the reference text encoder, the baked model's full output for the anchor moves toward the target's exactly as
    /// the independent implementation measured (fixture metrics.json, last_hidden_state_anchor_vs_target_biasfree).
    /// </summary>
    [Theory]
    [InlineData("Van Gogh", "painting", 2, 1, 1.1436135478580756, 0.46458014812497106, 0.7869003529562014, 0.635763825871112)]
    [InlineData("Snoopy", "a dog", 1, 2, 0.929815732816909, 0.35666806473692325, 0.6853168693953466, 0.23614869340191721)]
    public void The_anchor_now_encodes_like_its_target_as_the_reference_measured(
        string anchor, string target, int anchorSubject, int targetSubject,
        double subjectBefore, double subjectAfter, double eosBefore, double eosAfter)
    {
        using var temp = new TemporaryDirectory();
        var output = temp.File("edited");
        var recipePath = temp.File("edits.yaml");
        File.WriteAllText(recipePath, $"""
            version: 1
            model: {"{"} path: {SharedData.Reference("clip-text")} {"}"}
            output: {"{"} path: {output} {"}"}
            edits:
              - {"{"} key: Van Gogh, value: painting {"}"}
              - {"{"} key: Snoopy, value: a dog {"}"}
            """);
        RecipeBaker.Bake(RecipeLoader.Load(recipePath), new BakeOptions(Trace: false, Images: false));

        // The anchor through the given model against the target through the base model: what the target meant before.
        var baseModel = SharedData.Reference("clip-text");
        var targetEncoding = Encode(baseModel, target);
        (double Subject, double Eos) Distances(string model)
        {
            var anchorEncoding = Encode(model, anchor);
            var width = anchorEncoding.Width;
            double Relative(int a, int t)
            {
                double diff = 0, norm = 0;
                for (var c = 0; c < width; c++)
                {
                    var x = anchorEncoding.Conditioning[(a * width) + c];
                    var y = targetEncoding.Conditioning[(t * width) + c];
                    diff += (x - y) * (x - y);
                    norm += y * y;
                }

                return Math.Sqrt(diff / norm);
            }

            return (Relative(anchorSubject, targetSubject), Relative(anchorSubject + 1, targetSubject + 1));
        }

        var before = Distances(baseModel);
        var after = Distances(output);
        Assert.Equal(subjectBefore, before.Subject, 1e-5);
        Assert.Equal(eosBefore, before.Eos, 1e-5);
        Assert.Equal(subjectAfter, after.Subject, 1e-4);
        Assert.Equal(eosAfter, after.Eos, 1e-4);
    }

    [Fact]
    public void A_failed_bake_leaves_the_previous_output_intact()
    {
        using var temp = new TemporaryDirectory();
        var basePath = TinyModels.Get(ModelFamily.SD15, CheckpointLayout.Diffusers);
        var output = temp.File("edited");
        RecipeBaker.Bake(WriteRecipe(temp, basePath, output), new BakeOptions(Trace: false, Images: false));
        var manifestBefore = File.ReadAllText(Path.Combine(output, BuildManifest.FileName));

        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() =>
            RecipeBaker.Bake(WriteRecipe(temp, basePath, output, "method: { lambda: 0.5 }"), new BakeOptions(Trace: false, Images: false), null, cancelled.Token));

        Assert.Equal(manifestBefore, File.ReadAllText(Path.Combine(output, BuildManifest.FileName)));
        Assert.True(ManifestVerifier.Verify(output).AllOk);
        Assert.Empty(Directory.GetDirectories(temp.Path, ".*"));
    }

    [Fact]
    public void An_output_inside_the_base_model_is_refused_before_any_work()
    {
        using var temp = new TemporaryDirectory();
        var basePath = TinyModels.Get(ModelFamily.SD15, CheckpointLayout.Diffusers);

        var error = Assert.ThrowsAny<QuickFixException>(() =>
            RecipeBaker.Bake(WriteRecipe(temp, basePath, temp.File("x")), new BakeOptions(OutputPath: Path.Combine(basePath, "edited"), Trace: false, Images: false)));

        Assert.Equal("QF1001", error.Code);
        Assert.False(Directory.Exists(Path.Combine(basePath, "edited")));
    }

    private static EncodedPrompt Encode(string model, string prompt)
    {
        using var checkpoint = Checkpoint.Open(model);
        using var conditioner = TextConditioner.Load(checkpoint);
        return conditioner.Encode([prompt])[0];
    }

    private static string OutputRelative(string output, CheckpointComponentFile file) =>
        Directory.Exists(output) ? file.RelativePath.Replace('\\', '/') : Path.GetFileName(output);

    private static Dictionary<string, string> HashAll(string path) =>
        (Directory.Exists(path) ? Directory.GetFiles(path, "*", SearchOption.AllDirectories) : [path])
            .ToDictionary(f => f, f => CheckpointHasher.HashFile(f, 0).Sha256);
}
