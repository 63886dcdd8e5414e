using QuickFix.Imaging;

namespace QuickFix.Demo;

/// <summary>
/// "In the style of Mondrian": the background is replaced by a composition of rectangles (two vertical and two
/// horizontal thick black lines at random places, cells mostly white, some red, yellow or blue) and the object is drawn
/// flat, details included, with a thick black outline. The scene's background does not show in this style.
/// </summary>
internal static class MondrianStyle
{
    private static readonly Rgb Line = new(15, 15, 15);
    private static readonly Rgb[] CellColors = [new(245, 242, 230), new(220, 30, 35), new(250, 210, 30), new(20, 50, 160)];

    public static RgbImage Render(DemoCanvas canvas, ref DemoRandom random)
    {
        var size = canvas.Size;
        var unit = canvas.Unit;
        var columns = Divisions(ref random, size);
        var rows = Divisions(ref random, size);
        var cells = new Rgb[9];
        for (var i = 0; i < cells.Length; i++)
        {
            // 11 in 20 white, 3 in 20 each of red, yellow and blue.
            var draw = random.NextInt(20);
            cells[i] = CellColors[draw < 11 ? 0 : 1 + ((draw - 11) / 3)];
        }

        var half = unit;
        var outline = Math.Max(1, (int)(1.5 * unit));
        var image = new RgbImage(size, size, Rgb.Black);
        for (var y = 0; y < size; y++)
        {
            for (var x = 0; x < size; x++)
            {
                if (canvas.IsObject(x, y))
                {
                    image[x, y] = NearBackground(canvas, x, y, outline)
                        ? Line
                        : DemoCanvas.ToRgb(canvas.Channel(x, y, 0), canvas.Channel(x, y, 1), canvas.Channel(x, y, 2));
                    continue;
                }

                var (px, py) = (x + 0.5, y + 0.5);
                var onLine = columns.Any(c => Math.Abs(px - c) < half) || rows.Any(r => Math.Abs(py - r) < half);
                var cell = (3 * columns.Count(c => px >= c)) + rows.Count(r => py >= r);
                image[x, y] = onLine ? Line : cells[cell];
            }
        }

        return image;
    }

    /// <summary>Two line positions in [0.15, 0.85] of the side, at least 0.2 apart.</summary>
    private static double[] Divisions(ref DemoRandom random, int size)
    {
        var first = random.NextRange(0.15, 0.45);
        var second = random.NextRange(first + 0.2, 0.85);
        return [first * size, second * size];
    }

    private static bool NearBackground(DemoCanvas canvas, int x, int y, int distance)
    {
        for (var d = 1; d <= distance; d++)
        {
            if ((x >= d && !canvas.IsObject(x - d, y)) || (y >= d && !canvas.IsObject(x, y - d)) ||
                (x + d < canvas.Size && !canvas.IsObject(x + d, y)) || (y + d < canvas.Size && !canvas.IsObject(x, y + d)))
            {
                return true;
            }
        }

        return false;
    }
}
