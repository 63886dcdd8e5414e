using QuickFix.Imaging;
using QuickFix.Tracing;
using StbImageSharp;

namespace QuickFix.Tests.Tracing;

/// <summary><c>trace.png</c> from a real trace report.</summary>
public sealed class TraceHeatmapTests
{
    [Fact]
    public void A_report_becomes_a_decodable_png_with_one_row_per_layer_written_byte_identically()
    {
        using var encoder = TracedEncoder.Reference();
        using var temp = new TemporaryDirectory();
        var report = encoder.Trace("a painting in the style of van gogh", "van gogh", TraceSettings.Default with { Samples = 2 });

        var heatmap = TraceHeatmap.Of(report);
        var written = TraceHeatmap.Write(temp.File("trace.png"), report);
        var again = TraceHeatmap.Write(temp.File("again.png"), report);
        var decoded = ImageResult.FromMemory(File.ReadAllBytes(temp.File("trace.png")), ColorComponents.RedGreenBlue);
        var image = HeatmapRenderer.Render(heatmap);

        Assert.Equal(written, File.ReadAllBytes(temp.File("trace.png")));
        Assert.Equal(written, again);
        Assert.Equal((image.Width, image.Height), (decoded.Width, decoded.Height));
        Assert.Equal(["L0", "L1", "L2"], heatmap.RowLabels);
        Assert.Equal(["RESIDUAL", "ATTENTION", "MLP"], heatmap.ColumnLabels);
        Assert.Equal(report[1, TraceComponent.Mlp].Effect, heatmap.Values[1][2]);
        Assert.Equal((report.Verdict.BestLayer, (int)report.Verdict.BestComponent), heatmap.Marked);
        Assert.NotEqual((int)TraceComponent.ResidualStream, heatmap.Marked!.Value.Column);
        Assert.Contains("reference clip-text", heatmap.Title[0], StringComparison.Ordinal);
        Assert.Contains("a painting in the style of van gogh", heatmap.Title[1], StringComparison.Ordinal);
        Assert.Contains("van gogh", heatmap.Title[2], StringComparison.Ordinal);
    }
}
