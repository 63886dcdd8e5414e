using System.Text.Json;
using StbImageSharp;

namespace QuickFix.Tests;

/// <summary><c>trace</c> on the reference text encoder (shared/data/reference/clip-text).</summary>
public sealed class TraceCommandTests
{
    private static string Fixture => SharedData.Reference("clip-text");

    [Fact]
    public void Trace_writes_the_report_and_heatmap_and_prints_the_table()
    {
        using var temp = new TemporaryDirectory();
        var folder = temp.File("out");

        var run = CliRun.Of("trace", "--model", Fixture, "--prompt", "A painting in the style of Van Gogh", "--subject", "Van Gogh", "--samples", "3", "--out", folder);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(string.Empty, run.Error);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "trace.json")));
        Assert.Equal(9, json.RootElement.GetProperty("effects").GetArrayLength());
        Assert.Equal(3, json.RootElement.GetProperty("settings").GetProperty("samples").GetInt32());
        Assert.Equal(8, json.RootElement.GetProperty("span").GetProperty("last").GetInt32());
        var png = ImageResult.FromMemory(File.ReadAllBytes(Path.Combine(folder, "trace.png")), ColorComponents.RedGreenBlue);
        Assert.True(png.Width > 200 && png.Height > 100, $"{png.Width} x {png.Height}");
        Assert.Contains("self-attention", run.Human, StringComparison.Ordinal);
        Assert.Contains(" *", run.Human, StringComparison.Ordinal);
        Assert.Contains("verdict:", run.Human, StringComparison.Ordinal);
    }

    [Fact]
    public void Trace_with_json_prints_the_report_and_noise_zero_prints_null_effects()
    {
        using var temp = new TemporaryDirectory();

        var run = CliRun.Of("trace", "--model", Fixture, "--prompt", "a photo of snoopy", "--subject", "snoopy", "--samples", "2", "--noise", "0", "--out", temp.Path, "--json");

        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Output);
        Assert.All(json.RootElement.GetProperty("effects").EnumerateArray(), e => Assert.Equal(JsonValueKind.Null, e.GetProperty("effect").ValueKind));
        Assert.False(json.RootElement.GetProperty("verdict").GetProperty("confirmed").GetBoolean());
        Assert.Equal(File.ReadAllText(Path.Combine(temp.Path, "trace.json")).TrimEnd(), run.Output.TrimEnd());
    }

    [Fact]
    public void A_subject_missing_from_the_prompt_exits_2_naming_both()
    {
        using var temp = new TemporaryDirectory();

        var run = CliRun.Of("trace", "--model", Fixture, "--prompt", "a photo of a cat", "--subject", "Van Gogh", "--out", temp.Path);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("error QF0801", run.Error, StringComparison.Ordinal);
        Assert.Contains("'Van Gogh'", run.Error, StringComparison.Ordinal);
        Assert.Contains("'a photo of a cat'", run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(temp.Path, "trace.json")));
    }

    [Fact]
    public void Unusable_settings_exit_2()
    {
        var run = CliRun.Of("trace", "--model", Fixture, "--prompt", "a photo of snoopy", "--subject", "snoopy", "--samples", "0");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("error QF0803", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Van Gogh", "van-gogh")]
    [InlineData("  The President of the U.S.! ", "the-president-of-the-u-s")]
    [InlineData("???", "subject")]
    public void The_default_folder_is_named_after_the_subject(string subject, string slug)
    {
        Assert.Equal(slug, QuickFix.Cli.Commands.TraceCommand.Slug(subject));
    }
}
