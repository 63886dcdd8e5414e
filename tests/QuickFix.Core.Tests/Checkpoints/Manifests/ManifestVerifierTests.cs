using QuickFix.Checkpoints;
using QuickFix.Checkpoints.Manifests;

namespace QuickFix.Tests.Checkpoints.Manifests;

public sealed class ManifestVerifierTests
{
    private static string BuildOutput(TemporaryDirectory temp)
    {
        var folder = Directory.CreateDirectory(temp.File("out")).FullName;
        var writer = new SafetensorsWriter();
        writer.Add("w", SafetensorsDType.F32, [2], new byte[8]);
        var hashes = writer.WriteFile(Path.Combine(folder, "model.safetensors"));
        var manifest = new BuildManifest(
            "QuickFix.Build", "0.1.0", new ManifestRecipe("/r/edits.yaml", new string('0', 64)), "SD15",
            [], [ManifestFile.Of("model.safetensors", hashes)], [], [], null, [], new Dictionary<string, double>());
        manifest.Save(BuildManifest.PathFor(folder, outputIsFolder: true));
        return folder;
    }

    [Fact]
    public void An_untouched_output_verifies()
    {
        using var temp = new TemporaryDirectory();
        var folder = BuildOutput(temp);

        var report = ManifestVerifier.Verify(folder);

        Assert.True(report.AllOk);
        Assert.Equal(VerifyStatus.Ok, report.Files.Single().Status);
        Assert.True(ManifestVerifier.Verify(Path.Combine(folder, BuildManifest.FileName)).AllOk);
    }

    [Fact]
    public void A_flipped_byte_and_a_deleted_file_are_reported()
    {
        using var temp = new TemporaryDirectory();
        var folder = BuildOutput(temp);
        var model = Path.Combine(folder, "model.safetensors");
        var bytes = File.ReadAllBytes(model);
        bytes[^1] ^= 1;
        File.WriteAllBytes(model, bytes);

        Assert.Equal(VerifyStatus.Mismatch, ManifestVerifier.Verify(folder).Files.Single().Status);

        File.Delete(model);
        var report = ManifestVerifier.Verify(folder);
        Assert.False(report.AllOk);
        Assert.Equal(VerifyStatus.Missing, report.Files.Single().Status);
    }

    [Fact]
    public void A_flipped_byte_in_a_baked_output_is_traced_to_its_tensor()
    {
        using var temp = new TemporaryDirectory();
        var basePath = QuickFix.Tests.Baking.TinyModels.Get(QuickFix.Checkpoints.Layouts.ModelFamily.SD15, QuickFix.Checkpoints.Layouts.CheckpointLayout.Diffusers);
        var recipe = temp.File("edits.yaml");
        File.WriteAllText(recipe, $"version: 1\nmodel: {{ path: {basePath} }}\noutput: {{ path: {temp.File("out")} }}\nedits: [{{ key: Van Gogh, value: painting }}]\n");
        var result = QuickFix.Baking.RecipeBaker.Bake(QuickFix.Recipes.RecipeLoader.Load(recipe), new QuickFix.Baking.BakeOptions(Trace: false, Images: false));
        var unet = Path.Combine(result.OutputPath, "unet", "diffusion_pytorch_model.safetensors");
        string victim;
        long offset;
        using (var file = SafetensorsFile.Open(unet))
        {
            var tensor = file.Tensors[file.Tensors.Count / 2];
            victim = tensor.Name;
            offset = file.DataOffset + tensor.Begin + 1;
        }

        // The output's unchanged files may be hard links to the base: replace, never modify in place.
        var bytes = File.ReadAllBytes(unet);
        bytes[offset] ^= 0x40;
        File.Delete(unet);
        File.WriteAllBytes(unet, bytes);

        var report = ManifestVerifier.Verify(result.OutputPath);

        var bad = Assert.Single(report.Files, f => f.Status != VerifyStatus.Ok);
        Assert.Equal("unet/diffusion_pytorch_model.safetensors", bad.Path);
        Assert.Equal([victim], bad.ChangedTensors);
    }

    [Fact]
    public void A_missing_or_malformed_manifest_is_an_error_naming_the_file()
    {
        using var temp = new TemporaryDirectory();
        var missing = Assert.Throws<ManifestException>(() => ManifestVerifier.Verify(temp.Path));
        Assert.EndsWith(BuildManifest.FileName, missing.FilePath, StringComparison.Ordinal);

        File.WriteAllText(Path.Combine(temp.Path, BuildManifest.FileName), "[1, 2]");
        Assert.Throws<ManifestException>(() => ManifestVerifier.Verify(temp.Path));
    }
}
