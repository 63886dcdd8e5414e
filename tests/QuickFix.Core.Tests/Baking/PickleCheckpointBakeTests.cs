using QuickFix.Baking;
using QuickFix.Checkpoints;
using QuickFix.Checkpoints.Layouts;
using QuickFix.Checkpoints.Manifests;
using QuickFix.Checkpoints.Pickle;
using QuickFix.Recipes;
using QuickFix.Tests.Checkpoints.Pickle;

namespace QuickFix.Tests.Baking;

/// <summary>
/// <c>apply</c> on a <c>.ckpt</c> base: the output is the checkpoint's safetensors conversion with the edited tensor
/// replaced, written in one pass, and the edit is the one the same weights get as <c>.safetensors</c>.
/// </summary>
public sealed class PickleCheckpointBakeTests
{
    private const string Edited = "cond_stage_model.transformer.text_model.encoder.layers.0.self_attn.out_proj.weight";

    private static Recipe WriteRecipe(TemporaryDirectory temp, string name, string model, string tokenizer, string output)
    {
        var path = temp.File(name);
        File.WriteAllText(path, $$"""
            version: 1
            model: { path: {{model}}, tokenizer: {{tokenizer}} }
            output: { path: {{output}}, delta: true }
            edits:
              - { key: Van Gogh, value: painting }
            preserve: ["a photo of a cat"]
            """);
        return RecipeLoader.Load(path);
    }

    [Fact]
    public void The_zip_ckpt_bakes_to_the_same_edited_tensor_as_its_safetensors_twin()
    {
        using var temp = new TemporaryDirectory();
        var twin = TinyModels.Get(ModelFamily.SD15, CheckpointLayout.SingleFile);
        var tokenizer = Path.ChangeExtension(twin, ".tokenizer");
        var ckpt = CkptFixtures.CopyTo(temp, CkptFixtures.Zip);
        AssertFixtureHoldsTheTwinsTextEncoder(twin);
        var options = new BakeOptions(Trace: false, Images: false);

        RecipeBaker.Bake(WriteRecipe(temp, "twin.yaml", twin, tokenizer, temp.File("twin-edited.safetensors")), options);
        var result = RecipeBaker.Bake(WriteRecipe(temp, "ckpt.yaml", ckpt, tokenizer, temp.File("ckpt-edited.safetensors")), options);

        using var fromTwin = SafetensorsFile.Open(temp.File("twin-edited.safetensors"));
        using var fromCkpt = SafetensorsFile.Open(temp.File("ckpt-edited.safetensors"));
        Assert.Equal(fromTwin.ReadBytes(Edited), fromCkpt.ReadBytes(Edited));
        Assert.Equal(Edited, Assert.Single(result.Edits).Tensor);

        // Every other tensor is the conversion's, byte for byte, at the conversion's offsets.
        CheckpointConverter.Convert(ckpt, temp.File("converted.safetensors"));
        using var converted = SafetensorsFile.Open(temp.File("converted.safetensors"));
        Assert.Equal(converted.Tensors, fromCkpt.Tensors);
        foreach (var tensor in converted.Tensors.Where(t => t.Name != Edited))
        {
            Assert.True(converted.ReadBytes(tensor.Name).AsSpan().SequenceEqual(fromCkpt.ReadBytes(tensor.Name)), tensor.Name);
        }

        Assert.False(converted.ReadBytes(Edited).AsSpan().SequenceEqual(fromCkpt.ReadBytes(Edited)));
        Assert.Equal(CkptFixtures.Zip, fromCkpt.Metadata["quickfix.source"]);
        Assert.Equal("4242", fromCkpt.Metadata["quickfix.source.global_step"]);

        // The manifest names the .ckpt by its SHA-256, and the output verifies.
        var baseEntry = Assert.Single(result.Manifest.BaseFiles);
        Assert.Equal(CkptFixtures.Fixture(CkptFixtures.Zip).GetProperty("sha256").GetString(), baseEntry.Sha256);
        Assert.True(ManifestVerifier.Verify(temp.File("ckpt-edited.safetensors")).AllOk);
    }

    [Fact]
    public void Replaying_the_delta_onto_the_same_ckpt_writes_the_same_file()
    {
        using var temp = new TemporaryDirectory();
        var twin = TinyModels.Get(ModelFamily.SD15, CheckpointLayout.SingleFile);
        var ckpt = CkptFixtures.CopyTo(temp, CkptFixtures.Legacy);
        var recipe = WriteRecipe(temp, "ckpt.yaml", ckpt, Path.ChangeExtension(twin, ".tokenizer"), temp.File("edited.safetensors"));
        var first = RecipeBaker.Bake(recipe, new BakeOptions(Trace: false, Images: false));
        var firstHash = first.Manifest.OutputFiles.Single(f => f.Path == "edited.safetensors").Sha256;
        File.Move(temp.File("edited.delta.safetensors"), temp.File("kept.delta.safetensors"));

        var replayed = RecipeBaker.Bake(recipe, new BakeOptions(Trace: false, Images: false, ReplayDelta: temp.File("kept.delta.safetensors")));

        Assert.Equal(firstHash, replayed.Manifest.OutputFiles.Single(f => f.Path == "edited.safetensors").Sha256);
        Assert.Equal("F16", Assert.Single(replayed.Manifest.ChangedTensors).DType);
    }

    [Fact]
    public void A_ckpt_output_is_refused_at_the_recipe_before_any_work()
    {
        using var temp = new TemporaryDirectory();
        var ckpt = CkptFixtures.CopyTo(temp, CkptFixtures.Zip);
        var twin = TinyModels.Get(ModelFamily.SD15, CheckpointLayout.SingleFile);

        var error = Assert.Throws<BakeException>(() => RecipeBaker.Bake(
            WriteRecipe(temp, "ckpt.yaml", ckpt, Path.ChangeExtension(twin, ".tokenizer"), temp.File("edited.ckpt")),
            new BakeOptions(Trace: false, Images: false)));

        Assert.Equal("QF1002", error.Code);
        Assert.Equal(3, error.Line);
        Assert.EndsWith("(a .ckpt base is written as .safetensors: pickle checkpoints are read, never written)", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(temp.File("edited.ckpt")));
    }

    /// <summary>make_fixtures.py copied the text encoder of the tiny model TinyModels synthesizes; if the synthesizer changed, rerun it.</summary>
    private static void AssertFixtureHoldsTheTwinsTextEncoder(string twin)
    {
        using var file = SafetensorsFile.Open(twin);
        var saved = CkptFixtures.Fixture(CkptFixtures.Zip).GetProperty("tensors");
        foreach (var tensor in file.Tensors.Where(t => t.Name.StartsWith("cond_stage_model.", StringComparison.Ordinal)))
        {
            Assert.True(
                saved.GetProperty(tensor.Name).GetProperty("sha256").GetString() == CkptFixtures.Sha256(file.ReadBytes(tensor.Name)),
                $"'{tensor.Name}' differs from the synthesized model's: rerun tests/fixtures/ckpt/make_fixtures.py");
        }
    }
}
