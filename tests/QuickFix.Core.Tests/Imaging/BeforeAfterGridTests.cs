using System.IO.Hashing;
using QuickFix.Imaging;

namespace QuickFix.Tests.Imaging;

/// <summary>The before/after grid: layout, the images placed verbatim, labels drawn, and stable bytes.</summary>
public sealed class BeforeAfterGridTests
{
    [Fact]
    public void Rows_are_seeds_and_columns_before_and_after_with_the_images_copied_verbatim()
    {
        var before = ImageSnapshotTests.Gradient(32, 32);
        var after = Solid(32, 32, new Rgb(10, 200, 10));
        var rows = new[] { new BeforeAfterRow("seed 1", before, after), new BeforeAfterRow("seed 22", after, before) };

        var grid = BeforeAfterGrid.Render("a starry night by van gogh", rows);

        // scale 1, pad 6: label column = width("seed 22") + 12 = 41 + 12 = 53; after column = 53 + 32 + 6 = 91; width = 91 + 32 + 6.
        Assert.Equal(129, grid.Width);
        var (beforeLeft, afterLeft) = (53, 91);
        var firstTop = grid.Height - (2 * (32 + 6));
        Assert.Equal(before[5, 7], grid[beforeLeft + 5, firstTop + 7]);
        Assert.Equal(after[0, 0], grid[afterLeft, firstTop]);
        Assert.Equal(before[31, 31], grid[afterLeft + 31, firstTop + 38 + 31]);
        Assert.True(Ink(grid, 0, 0, grid.Width, firstTop - 20) > 0, "the title is drawn");
        Assert.True(Ink(grid, 0, firstTop, beforeLeft, 32) > 0, "the row label is drawn");
    }

    [Fact]
    public void A_long_title_wraps_and_a_long_word_is_split()
    {
        Assert.Equal(["A STARRY", "NIGHT"], BeforeAfterGrid.Wrap("A STARRY NIGHT", 53, 1));
        Assert.Equal(["ABCDEFGHI", "JK"], BeforeAfterGrid.Wrap("ABCDEFGHIJK", 53, 1));
        Assert.Empty(BeforeAfterGrid.Wrap("   ", 53, 1));
    }

    [Fact]
    public void The_grid_bytes_are_stable_and_large_images_get_larger_labels()
    {
        var image = ImageSnapshotTests.Gradient(16, 16);
        var png = PngWriter.Encode(BeforeAfterGrid.Render("snoopy", [new BeforeAfterRow("seed 1", image, image)]));
        var again = PngWriter.Encode(BeforeAfterGrid.Render("snoopy", [new BeforeAfterRow("seed 1", image, image)]));
        Assert.Equal(XxHash128.Hash(png), XxHash128.Hash(again));

        var large = Solid(256, 256, Rgb.Black);
        var grid = BeforeAfterGrid.Render("x", [new BeforeAfterRow("s", large, large)]);
        Assert.Equal(((5 * 2) + 24) + (2 * 256) + 24, grid.Width); // scale 2: label 10 + 2 pads of 12, two cells and 2 pads
    }

    [Fact]
    public void Rows_with_images_of_different_sizes_are_refused()
    {
        var rows = new[] { new BeforeAfterRow("a", Solid(8, 8, Rgb.White), Solid(8, 9, Rgb.White)) };
        Assert.Throws<ArgumentException>(() => BeforeAfterGrid.Render("t", rows));
        Assert.Throws<ArgumentException>(() => BeforeAfterGrid.Render("t", []));
    }

    private static RgbImage Solid(int width, int height, Rgb color) => new(width, height, color);

    private static int Ink(RgbImage image, int left, int top, int width, int height)
    {
        var count = 0;
        for (var y = top; y < top + height; y++)
        {
            for (var x = left; x < left + width; x++)
            {
                count += image[x, y] == Rgb.Black ? 1 : 0;
            }
        }

        return count;
    }
}
