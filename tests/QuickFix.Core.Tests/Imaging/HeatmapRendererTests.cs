using System.Security.Cryptography;
using QuickFix.Imaging;
using StbImageSharp;

namespace QuickFix.Tests.Imaging;

/// <summary>The heatmap renderer and PNG writer: decodable, deterministic, and drawing what the values say.</summary>
public sealed class HeatmapRendererTests
{
    private static Heatmap Sample(double? undefinedCell = null) => new(
        ["MODEL: TEST", "PROMPT: \"a photo of van gogh\""],
        ["L0", "L1", "L2"],
        ["RESIDUAL", "ATTENTION", "MLP"],
        [[1.0, 0.9, 0.0], [0.5, undefinedCell, -0.25], [0.75, 0.1, 0.2]],
        "EFFECT",
        (0, 0));

    [Fact]
    public void The_png_decodes_to_the_rendered_pixels_and_the_same_heatmap_gives_the_same_bytes()
    {
        var image = HeatmapRenderer.Render(Sample());

        var png = PngWriter.Encode(image);
        var again = PngWriter.Encode(HeatmapRenderer.Render(Sample()));
        var decoded = ImageResult.FromMemory(png, ColorComponents.RedGreenBlue);

        Assert.Equal(png, again);
        Assert.Equal((image.Width, image.Height), (decoded.Width, decoded.Height));
        Assert.Equal(image.Pixels.ToArray(), decoded.Data);
        Assert.Equal(SHA256.HashData(png), SHA256.HashData(again));
    }

    [Fact]
    public void The_marked_cell_is_outlined_in_black_and_cells_use_the_scale_ends_and_grey()
    {
        var image = HeatmapRenderer.Render(Sample());

        // Black is used only for the outline of the marked cell (22 px high, 2 px thick), here the maximum.
        var black = Pixels(image).Where(p => p.Colour == Rgb.Black).ToArray();
        var (left, top) = (black.Min(p => p.X), black.Min(p => p.Y));
        var (right, bottom) = (black.Max(p => p.X), black.Max(p => p.Y));
        Assert.Equal(22, bottom - top + 1);
        Assert.Equal(2 * 2 * ((right - left + 1) + 22 - 4), black.Length);
        Assert.Equal(new Rgb(103, 0, 13), image[left + 3, top + 3]); // 1.0, the maximum: the darkest colour
        var colours = Pixels(image).Select(p => p.Colour).ToHashSet();
        Assert.Contains(new Rgb(255, 245, 240), colours); // −0.25, the minimum: the palest
        Assert.Contains(new Rgb(200, 200, 200), colours); // the undefined cell
        Assert.DoesNotContain(new Rgb(200, 200, 200), Pixels(HeatmapRenderer.Render(Sample(0.3))).Select(p => p.Colour));
    }

    [Fact]
    public void Every_value_undefined_and_no_mark_draws_no_outline_and_a_grey_scale()
    {
        var image = HeatmapRenderer.Render(new Heatmap(["T"], ["L0"], ["A", "B"], [[null, null]], "EFFECT", null));

        var colours = Pixels(image).Select(p => p.Colour).ToHashSet();
        Assert.DoesNotContain(Rgb.Black, colours);
        Assert.DoesNotContain(new Rgb(103, 0, 13), colours);
        Assert.Contains(new Rgb(200, 200, 200), colours);
    }

    [Fact]
    public void Values_that_do_not_match_the_labels_are_refused()
    {
        var heatmap = new Heatmap(["T"], ["L0", "L1"], ["A"], [[1.0]], "EFFECT", null);

        Assert.Throws<ArgumentException>(() => HeatmapRenderer.Render(heatmap));
    }

    [Fact]
    public void The_pixel_font_draws_each_glyph_bit_as_a_scale_square()
    {
        var image = new RgbImage(20, 20, Rgb.White);

        PixelFont.Draw(image, 1, 1, "1", Rgb.Black, 2);

        // '1' = rows 04 0C 04 04 04 04 0E: 10 set bits, each a 2 × 2 square.
        var black = 0;
        for (var y = 0; y < 20; y++)
        {
            for (var x = 0; x < 20; x++)
            {
                black += image[x, y] == Rgb.Black ? 1 : 0;
            }
        }

        Assert.Equal(40, black);
        Assert.Equal(Rgb.Black, image[1 + 4, 1]); // row 0, column 2
        Assert.Equal(Rgb.White, image[1, 1]);
        Assert.Equal(11, PixelFont.Measure("ab", 1));
    }

    private static IEnumerable<(int X, int Y, Rgb Colour)> Pixels(RgbImage image)
    {
        for (var y = 0; y < image.Height; y++)
        {
            for (var x = 0; x < image.Width; x++)
            {
                yield return (x, y, image[x, y]);
            }
        }
    }
}
