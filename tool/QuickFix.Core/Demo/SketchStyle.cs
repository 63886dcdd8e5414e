using QuickFix.Imaging;

namespace QuickFix.Demo;

/// <summary>
/// "A pencil sketch": off-white paper with grain, graphite outlines wherever the region changes, and diagonal hatching
/// whose density follows each region's darkness (cross-hatched where dark), in the object's colour for the object and
/// a paler tint of the background's colours for the background, so colour and background stay readable.
/// </summary>
internal static class SketchStyle
{
    private static readonly Rgb Paper = new(246, 244, 236);
    private static readonly Rgb Graphite = new(55, 55, 60);

    public static RgbImage Render(DemoCanvas canvas, ref DemoRandom random)
    {
        var size = canvas.Size;
        var unit = canvas.Unit;
        var lineWidth = Math.Max(1, (int)unit);
        var image = new RgbImage(size, size, Paper);
        for (var y = 0; y < size; y++)
        {
            for (var x = 0; x < size; x++)
            {
                var color = (canvas.Channel(x, y, 0), canvas.Channel(x, y, 1), canvas.Channel(x, y, 2));
                if (canvas.IsBoundary(x, y, lineWidth))
                {
                    var shade = (random.NextUnit() - 0.5) * 30;
                    image[x, y] = DemoCanvas.ToRgb(Graphite.R + shade, Graphite.G + shade, Graphite.B + shade);
                    continue;
                }

                var luma = DemoCanvas.Luma(color.Item1, color.Item2, color.Item3);
                var period = luma < 80 ? 3 : luma < 150 ? 4 : luma < 210 ? 5 : 7;
                var (gx, gy) = ((int)(x / unit), (int)(y / unit));
                var hatched = (gx + gy) % period == 0 || (luma < 110 && (gx - gy + (64 * period)) % period == 0);
                var grain = (random.NextUnit() - 0.5) * 6;
                if (hatched && random.NextUnit() > 0.12)
                {
                    var stroke = canvas.IsObject(x, y) ? StyleRaster.Mix(color, Rgb.Black, 0.15) : StyleRaster.Mix(color, Paper, 0.35);
                    image[x, y] = DemoCanvas.ToRgb(stroke.R + grain, stroke.G + grain, stroke.B + grain);
                }
                else
                {
                    image[x, y] = DemoCanvas.ToRgb(Paper.R + grain, Paper.G + grain, Paper.B + grain);
                }
            }
        }

        return image;
    }
}
