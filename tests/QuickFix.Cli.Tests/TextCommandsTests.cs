using System.Runtime.InteropServices;
using System.Text.Json;
using QuickFix.Checkpoints;

namespace QuickFix.Tests;

/// <summary><c>inspect</c>, <c>tokenize</c> and <c>encode</c> on the reference text encoder (fixture README §1).</summary>
public sealed class TextCommandsTests
{
    private static string Fixture => SharedData.Reference("clip-text");

    [Fact]
    public void Encode_reproduces_the_reference_conditioning_and_ids()
    {
        using var temp = new TemporaryDirectory();
        using var prompts = JsonDocument.Parse(File.ReadAllText(SharedData.Reference("clip-text", "prompts.json")));
        var texts = prompts.RootElement.GetProperty("prompts").EnumerateArray().Select(p => p.GetProperty("text").GetString()!).ToArray();
        var output = temp.File("encoded.safetensors");

        var run = CliRun.Of(["encode", "--model", Fixture, "--out", output, "--json", "--prompt", .. texts]);

        Assert.Equal(0, run.ExitCode);
        using var actual = SafetensorsFile.Open(output);
        using var expected = SafetensorsFile.Open(SharedData.Reference("clip-text", "expected.safetensors"));
        Assert.Equal(2 * texts.Length, actual.Tensors.Count);
        for (var i = 0; i < texts.Length; i++)
        {
            Assert.Equal(expected.ReadBytes($"prompt.{i}.input_ids"), actual.ReadBytes($"prompt.{i}.input_ids"));
            Assert.Equal([77L, 128L], actual[$"prompt.{i}.last_hidden_state"].Shape);
            var got = MemoryMarshal.Cast<byte, float>(actual.ReadBytes($"prompt.{i}.last_hidden_state"));
            var want = MemoryMarshal.Cast<byte, float>(expected.ReadBytes($"prompt.{i}.last_hidden_state"));
            var maxDiff = 0.0;
            var maxRef = 0.0;
            for (var j = 0; j < want.Length; j++)
            {
                maxDiff = Math.Max(maxDiff, Math.Abs(got[j] - want[j]));
                maxRef = Math.Max(maxRef, Math.Abs(want[j]));
            }

            Assert.True(maxDiff / maxRef < 1e-4, $"prompt {i}: relative error {maxDiff / maxRef:E2}");
        }

        using var result = JsonDocument.Parse(run.Output);
        Assert.Equal(128, result.RootElement.GetProperty("width").GetInt32());
        Assert.Equal(actual.FileLength, result.RootElement.GetProperty("hashes").GetProperty("size").GetInt64());
    }

    [Fact]
    public void Tokenize_gives_unpadded_and_padded_ids()
    {
        var run = CliRun.Of("tokenize", "--model", Fixture, "--json", "a photo of a cat", "A photo of van gogh");

        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Output);
        var first = json.RootElement[0];
        Assert.Equal([49406, 320, 1125, 539, 320, 2368, 49407], first.GetProperty("ids").EnumerateArray().Select(e => e.GetInt32()));
        var padded = first.GetProperty("padded").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        Assert.Equal(77, padded.Length);
        Assert.All(padded[7..], id => Assert.Equal(49407, id));
        Assert.Equal([49406, 320, 1125, 539, 2451, 19697, 49407], json.RootElement[1].GetProperty("ids").EnumerateArray().Select(e => e.GetInt32()));
    }

    [Fact]
    public void Inspect_names_family_layout_and_the_edited_tensor_without_reading_tensor_bytes()
    {
        var run = CliRun.Of("inspect", Fixture, "--json");

        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Output);
        Assert.Equal("sd15", json.RootElement.GetProperty("family").GetString());
        Assert.Equal("diffusers", json.RootElement.GetProperty("layout").GetString());
        Assert.Equal(52, json.RootElement.GetProperty("tensorCount").GetInt32());
        var encoder = json.RootElement.GetProperty("textEncoders")[0];
        Assert.Equal("text_model.encoder.layers.0.self_attn.out_proj.weight", encoder.GetProperty("editedTensor").GetString());
        Assert.False(json.RootElement.GetProperty("files")[0].TryGetProperty("hashes", out _));
    }

    [Fact]
    public void Inspect_with_hash_reports_the_file_hashes()
    {
        var run = CliRun.Of("inspect", Fixture, "--json", "--hash");

        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Output);
        var hashes = json.RootElement.GetProperty("files")[0].GetProperty("hashes");
        var path = SharedData.Reference("clip-text", "text_encoder", "model.safetensors");
        using var stream = File.OpenRead(path);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(stream)), hashes.GetProperty("sha256").GetString());
    }
}
