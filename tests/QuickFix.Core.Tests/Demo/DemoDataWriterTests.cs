using System.Text.Json;
using QuickFix.Demo;
using QuickFix.Imaging;

namespace QuickFix.Tests.Demo;

/// <summary><c>demo-data</c>'s files: a contact sheet of the first items and one JSON line per item.</summary>
public sealed class DemoDataWriterTests
{
    [Fact]
    public void Writes_a_contact_sheet_and_one_caption_line_per_item()
    {
        using var directory = new TemporaryDirectory();
        var result = DemoDataWriter.Write(new DemoDataRequest(directory.File("out"), Count: 20, Seed: 6));

        var dataset = new DemoDataset(seed: 6);
        var lines = File.ReadAllLines(result.CaptionsPath);
        Assert.Equal(20, lines.Length);
        for (var i = 0; i < lines.Length; i++)
        {
            using var json = JsonDocument.Parse(lines[i]);
            var (root, scene) = (json.RootElement, dataset.Scene(i));
            var labels = root.GetProperty("labels");
            Assert.Equal(i, root.GetProperty("index").GetInt32());
            Assert.Equal(dataset.Caption(i), root.GetProperty("caption").GetString());
            Assert.Equal(DemoConcepts.Label(scene.Figure), labels.GetProperty("object").GetString());
            Assert.Equal(DemoConcepts.Label(scene.Color), labels.GetProperty("color").GetString());
            Assert.Equal(DemoConcepts.Label(scene.Background), labels.GetProperty("background").GetString());
            Assert.Equal(DemoConcepts.Label(scene.Style), labels.GetProperty("style").GetString());
            Assert.Equal(scene.Role is { } role ? DemoConcepts.Label(role) : null, labels.GetProperty("role").GetString());
        }

        // 8 columns x 3 rows of 64-pixel cells, 4 pixels apart, with a label row under each; item 9 is row 1, column 1.
        var sheet = PngReader.Read(result.ContactSheetPath);
        Assert.Equal((4 + (8 * 68), 4 + (3 * (64 + 7 + 8))), (sheet.Width, sheet.Height));
        var item = dataset.Image(9);
        Assert.Equal(item[17, 33], sheet[4 + 68 + 17, 4 + 79 + 33]);
        Assert.Equal(20, result.ContactSheetItems);
        Assert.Null(result.VocabularyDirectory);
    }

    [Fact]
    public void The_sheet_stops_at_256_items_while_every_item_is_captioned()
    {
        using var directory = new TemporaryDirectory();
        var result = DemoDataWriter.Write(new DemoDataRequest(directory.Path, Count: 300, Seed: 1, Size: 32));

        Assert.Equal(256, result.ContactSheetItems);
        Assert.Equal(300, File.ReadAllLines(result.CaptionsPath).Length);
        Assert.Equal(4 + (32 * (32 + 7 + 8)), PngReader.Read(result.ContactSheetPath).Height);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(10_000_001)]
    public void A_count_out_of_range_is_QF1501(int count)
    {
        using var directory = new TemporaryDirectory();
        var error = Assert.Throws<DemoDataException>(() => DemoDataWriter.Write(new DemoDataRequest(directory.Path, count, Seed: 1)));

        Assert.Equal("QF1501", error.Code);
        Assert.Equal($"count {count}: expected 1 to 10,000,000 items.", error.Message);
        Assert.Empty(Directory.GetFileSystemEntries(directory.Path));
    }

    [Fact]
    public void An_output_that_is_a_file_is_QF1502()
    {
        using var directory = new TemporaryDirectory();
        File.WriteAllText(directory.File("taken"), "x");

        var error = Assert.Throws<DemoDataException>(() =>
            DemoDataWriter.Write(new DemoDataRequest(directory.Path, 4, Seed: 1, VocabularyDirectory: directory.File("taken"))));

        Assert.Equal("QF1502", error.Code);
        Assert.Equal(directory.File("taken"), error.FilePath);
        Assert.Equal($"{directory.File("taken")}: expected a folder (or nothing), found a file.", error.Message);
    }
}
