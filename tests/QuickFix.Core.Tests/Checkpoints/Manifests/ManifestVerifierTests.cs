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
    public void A_missing_or_malformed_manifest_is_an_error_naming_the_file()
    {
        using var temp = new TemporaryDirectory();
        var missing = Assert.Throws<ManifestException>(() => ManifestVerifier.Verify(temp.Path));
        Assert.EndsWith(BuildManifest.FileName, missing.FilePath, StringComparison.Ordinal);

        File.WriteAllText(Path.Combine(temp.Path, BuildManifest.FileName), "[1, 2]");
        Assert.Throws<ManifestException>(() => ManifestVerifier.Verify(temp.Path));
    }
}
