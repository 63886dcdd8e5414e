using System.Security.Cryptography;
using System.Text.Json;
using StbImageSharp;

namespace QuickFix.Tests;

/// <summary><c>generate</c> on a tiny synthesized SD 1.5 diffusers model.</summary>
public sealed class GenerateCommandTests : IClassFixture<GenerateCommandTests.TinyModel>
{
    private readonly string model;

    public GenerateCommandTests(TinyModel tiny)
    {
        ArgumentNullException.ThrowIfNull(tiny);
        model = tiny.Path;
    }

    [Fact]
    public void Generate_writes_a_png_of_the_requested_size_and_prints_the_steps()
    {
        using var temp = new TemporaryDirectory();
        var png = temp.File("cat.png");

        var run = CliRun.Of("generate", "--model", model, "--prompt", "a photo of a cat", "--steps", "2", "--width", "32", "--height", "48", "--seed", "3", "--out", png);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(string.Empty, run.Error);
        var image = ImageResult.FromMemory(File.ReadAllBytes(png), ColorComponents.RedGreenBlue);
        Assert.Equal((32, 48), (image.Width, image.Height));
        Assert.Contains("step 1/2", run.Human, StringComparison.Ordinal);
        Assert.Contains("step 2/2", run.Human, StringComparison.Ordinal);
        Assert.Contains("32x48", run.Human, StringComparison.Ordinal);
    }

    [Fact]
    public void Generate_with_json_reports_the_run_and_the_same_seed_gives_the_same_bytes()
    {
        using var temp = new TemporaryDirectory();
        string[] Args(string output, string seed) =>
            ["generate", "--model", model, "--prompt", "a dog", "--steps", "2", "--width", "32", "--height", "32", "--scheduler", "euler", "--seed", seed, "--out", output, "--json"];

        var first = CliRun.Of(Args(temp.File("a.png"), "5"));
        var second = CliRun.Of(Args(temp.File("b.png"), "5"));
        var other = CliRun.Of(Args(temp.File("c.png"), "6"));

        Assert.Equal(0, first.ExitCode);
        using var json = JsonDocument.Parse(first.Output);
        var root = json.RootElement;
        Assert.Equal("euler", root.GetProperty("scheduler").GetString());
        Assert.Equal(5UL, root.GetProperty("seed").GetUInt64());
        Assert.Equal(2, root.GetProperty("timesteps").GetArrayLength());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(temp.File("a.png")))), root.GetProperty("sha256").GetString());
        Assert.Equal(File.ReadAllBytes(temp.File("a.png")), File.ReadAllBytes(temp.File("b.png")));
        Assert.NotEqual(File.ReadAllBytes(temp.File("a.png")), File.ReadAllBytes(temp.File("c.png")));
        Assert.Equal(0, other.ExitCode);
        Assert.Equal(0, second.ExitCode);
    }

    [Fact]
    public void Generate_from_a_latents_file_takes_the_size_from_it()
    {
        using var temp = new TemporaryDirectory();
        var latents = temp.File("x_T.safetensors");
        var values = Enumerable.Range(0, 4 * 2 * 3).Select(i => MathF.Sin(i)).ToArray();
        new QuickFix.Sampling.LatentBatch(1, 4, 2, 3, values).Write(latents);

        var run = CliRun.Of("generate", "--model", model, "--prompt", "a dog", "--steps", "1", "--latents", latents, "--out", temp.File("d.png"), "--json");

        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Output);
        Assert.Equal(JsonValueKind.Null, json.RootElement.TryGetProperty("seed", out var seed) ? seed.ValueKind : JsonValueKind.Null);
        Assert.Equal((24, 16), (json.RootElement.GetProperty("width").GetInt32(), json.RootElement.GetProperty("height").GetInt32()));
        var image = ImageResult.FromMemory(File.ReadAllBytes(temp.File("d.png")), ColorComponents.RedGreenBlue);
        Assert.Equal((24, 16), (image.Width, image.Height));
    }

    [Fact]
    public void A_bad_size_or_scheduler_exits_2_and_writes_nothing()
    {
        using var temp = new TemporaryDirectory();
        var png = temp.File("x.png");

        var size = CliRun.Of("generate", "--model", model, "--prompt", "a dog", "--width", "30", "--height", "32", "--out", png);
        var scheduler = CliRun.Of("generate", "--model", model, "--prompt", "a dog", "--scheduler", "plms", "--out", png);

        Assert.Equal(2, size.ExitCode);
        Assert.Contains("error QF1201", size.Error, StringComparison.Ordinal);
        Assert.Equal(2, scheduler.ExitCode);
        Assert.False(File.Exists(png));
    }

    /// <summary>A tiny SD 1.5 diffusers folder, synthesized once for the class.</summary>
    public sealed class TinyModel : IDisposable
    {
        private readonly TemporaryDirectory folder = new();

        public TinyModel()
        {
            Path = folder.File("sd15");
            var run = CliRun.Of("synth", "--family", "sd15", "--size", "tiny", "--seed", "11", "--out", Path, "--json");
            Assert.Equal(0, run.ExitCode);
        }

        public string Path { get; }

        public void Dispose() => folder.Dispose();
    }
}
