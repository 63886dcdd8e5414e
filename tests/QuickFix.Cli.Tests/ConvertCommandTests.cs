using System.Text.Json;
using QuickFix.Tests.Recipes;

namespace QuickFix.Tests;

/// <summary><c>convert IN OUT.safetensors</c> as a user runs it, on the committed PyTorch-written fixtures.</summary>
public sealed class ConvertCommandTests
{
    private static string Fixture(string name) => RepositoryFiles.Path("tests", "fixtures", "ckpt", name);

    [Fact]
    public void Convert_writes_the_safetensors_file_and_reports_it_as_json()
    {
        using var temp = new TemporaryDirectory();
        var output = temp.File("sd15.safetensors");

        var run = CliRun.Of("convert", Fixture("sd15-tiny-zip.ckpt"), output, "--json");

        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Output);
        var root = json.RootElement;
        Assert.Equal(output, root.GetProperty("outputPath").GetString());
        Assert.Equal("zip", root.GetProperty("format").GetString());
        Assert.Equal(54, root.GetProperty("tensorCount").GetInt32());
        Assert.Equal(new FileInfo(output).Length, root.GetProperty("output").GetProperty("size").GetInt64());
        Assert.Equal(["callbacks", "optimizer_states", "lr_schedulers"], root.GetProperty("dropped").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("4242", root.GetProperty("metadata").GetProperty("quickfix.source.global_step").GetString());

        var inspect = CliRun.Of("inspect", output, "--json");
        Assert.Equal(0, inspect.ExitCode);
        using var summary = JsonDocument.Parse(inspect.Output);
        Assert.Equal(54, summary.RootElement.GetProperty("tensorCount").GetInt32());
    }

    [Fact]
    public void A_malicious_checkpoint_is_one_error_naming_its_global_and_nothing_is_written()
    {
        using var temp = new TemporaryDirectory();
        const string Marker = "/tmp/quickfix-pwned-by-ckpt-fixture";
        File.Delete(Marker);

        var run = CliRun.Of("convert", Fixture("malicious.ckpt"), temp.File("out.safetensors"));

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith($"{Fixture("malicious.ckpt")}: error QF1402: malicious/data.pkl, byte 20: refused global 'posix.system'", run.Error, StringComparison.Ordinal);
        Assert.Single(run.Error.Trim().Split('\n'));
        Assert.Empty(Directory.EnumerateFileSystemEntries(temp.Path));
        Assert.False(File.Exists(Marker));
    }

    [Fact]
    public void A_ckpt_inspects_like_its_conversion()
    {
        var run = CliRun.Of("inspect", Fixture("sd15-tiny-legacy.ckpt"), "--json");

        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Output);
        Assert.Equal("SD15", json.RootElement.GetProperty("family").GetString()!.ToUpperInvariant());
        Assert.Equal(53, json.RootElement.GetProperty("tensorCount").GetInt32());
    }
}
