using System.Text.Json;
using QuickFix.Checkpoints;

namespace QuickFix.Tests;

/// <summary><c>synth</c> writes every family in both layouts; <c>inspect</c> and <c>encode</c> read them back.</summary>
public sealed class SynthCommandTests
{
    public static TheoryData<string, string, int> Families() => new()
    {
        { "sd15", "SD15", 1 },
        { "sd21", "SD21", 1 },
        { "sdxl", "SDXL", 2 },
    };

    [Theory]
    [MemberData(nameof(Families))]
    public void Both_layouts_are_recognised_and_condition_the_UNet_identically(string family, string expectedFamily, int encoders)
    {
        using var temp = new TemporaryDirectory();
        var folder = temp.File("diffusers");
        var file = temp.File("model.safetensors");

        Assert.Equal(0, CliRun.Of("synth", "--family", family, "--size", "tiny", "--layout", "diffusers", "--seed", "7", "--out", folder, "--json").ExitCode);
        Assert.Equal(0, CliRun.Of("synth", "--family", family, "--size", "tiny", "--layout", "single-file", "--seed", "7", "--out", file, "--json").ExitCode);

        foreach (var (path, layout) in new[] { (folder, "diffusers"), (file, "single-file") })
        {
            var inspect = CliRun.Of("inspect", path, "--json");
            Assert.Equal(0, inspect.ExitCode);
            using var json = JsonDocument.Parse(inspect.Output);
            Assert.Equal(expectedFamily.ToLowerInvariant(), json.RootElement.GetProperty("family").GetString());
            Assert.Equal(layout, json.RootElement.GetProperty("layout").GetString());
            Assert.Equal(encoders, json.RootElement.GetProperty("textEncoders").GetArrayLength());
        }

        // The synthesizer keys every weight by its diffusers name, so both layouts hold the same network: the key
        // maps (fused q|k|v, OpenCLIP names, the extra SD 2.x block) must give byte-identical conditioning.
        var fromFolder = Encode(folder, temp.File("a.safetensors"));
        var fromFile = Encode(file, temp.File("b.safetensors"));
        Assert.Equal(fromFolder, fromFile);
    }

    [Fact]
    public void The_same_seed_writes_the_same_bytes()
    {
        using var temp = new TemporaryDirectory();
        var first = CliRun.Of("synth", "--family", "sd15", "--layout", "single-file", "--seed", "3", "--out", temp.File("a.safetensors"), "--json");
        var second = CliRun.Of("synth", "--family", "sd15", "--layout", "single-file", "--seed", "3", "--out", temp.File("b.safetensors"), "--json");

        Assert.Equal(
            CheckpointHasher.HashFile(temp.File("a.safetensors"), 0).Sha256,
            CheckpointHasher.HashFile(temp.File("b.safetensors"), 0).Sha256);
        Assert.Equal(0, first.ExitCode + second.ExitCode);
    }

    [Fact]
    public void An_unknown_family_is_an_input_error()
    {
        Assert.Equal(2, CliRun.Of("synth", "--family", "sd3", "--out", "x").ExitCode);
    }

    private static string Encode(string model, string output)
    {
        var run = CliRun.Of("encode", "--model", model, "--prompt", "a photo of van gogh", "snoopy on a skateboard", "--out", output, "--json");
        Assert.Equal(0, run.ExitCode);
        using var file = SafetensorsFile.Open(output);
        return CheckpointHasher.HashFile(output, file.DataOffset).TensorBytesSha256;
    }
}
