using System.Text.Json;
using QuickFix.Text;

namespace QuickFix.Tests;

/// <summary><c>demo-data</c> writes the sheet, the captions and the vocabulary, and refuses bad sizes with QF1501.</summary>
public sealed class DemoDataCommandTests
{
    [Fact]
    public void Writes_sheet_captions_and_a_loadable_vocabulary()
    {
        using var temp = new TemporaryDirectory();
        var run = CliRun.Of("demo-data", "--out", temp.File("data"), "--count", "12", "--seed", "5", "--size", "32", "--vocab", temp.File("vocab"), "--json");

        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Output);
        var root = json.RootElement;
        Assert.Equal(12, root.GetProperty("count").GetInt32());
        Assert.Equal(32, root.GetProperty("size").GetInt32());
        Assert.Equal(12, root.GetProperty("contactSheetItems").GetInt32());
        Assert.Equal(688, root.GetProperty("vocabularySize").GetInt32());
        Assert.Equal(12, File.ReadAllLines(temp.File("data/captions.jsonl")).Length);
        Assert.True(File.Exists(temp.File("data/contact-sheet.png")));
        Assert.Equal(688, ClipTokenizer.FromDirectory(temp.File("vocab")).VocabularySize);
    }

    [Fact]
    public void A_size_that_is_not_a_multiple_of_16_is_an_input_error()
    {
        using var temp = new TemporaryDirectory();
        var run = CliRun.Of("demo-data", "--out", temp.Path, "--size", "50");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("error QF1501: image size 50: expected a multiple of 16 from 32 to 512.", run.Error.Trim());
    }
}
