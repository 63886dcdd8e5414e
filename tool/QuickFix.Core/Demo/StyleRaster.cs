using QuickFix.Imaging;

namespace QuickFix.Demo;

/// <summary>Helpers for styles that work on a float RGB buffer (<c>size × size × 3</c>, row-major, values in [0, 255]).</summary>
internal static class StyleRaster
{
    /// <summary>The canvas's colours as a new buffer.</summary>
    public static double[] FromCanvas(DemoCanvas canvas)
    {
        var size = canvas.Size;
        var buffer = new double[size * size * 3];
        for (var y = 0; y < size; y++)
        {
            for (var x = 0; x < size; x++)
            {
                for (var c = 0; c < 3; c++)
                {
                    buffer[(((y * size) + x) * 3) + c] = canvas.Channel(x, y, c);
                }
            }
        }

        return buffer;
    }

    /// <summary>
    /// Mean over the (2r + 1)² square around each pixel, clamped at the borders: a horizontal then a vertical pass,
    /// each summed in a fixed order.
    /// </summary>
    public static double[] BoxBlur(double[] buffer, int size, int radius) =>
        BlurPass(BlurPass(buffer, size, radius, horizontal: true), size, radius, horizontal: false);

    private static double[] BlurPass(double[] buffer, int size, int radius, bool horizontal)
    {
        var result = new double[buffer.Length];
        var scale = 1.0 / ((2 * radius) + 1);
        for (var y = 0; y < size; y++)
        {
            for (var x = 0; x < size; x++)
            {
                for (var c = 0; c < 3; c++)
                {
                    var sum = 0.0;
                    for (var d = -radius; d <= radius; d++)
                    {
                        var (sx, sy) = horizontal ? (Math.Clamp(x + d, 0, size - 1), y) : (x, Math.Clamp(y + d, 0, size - 1));
                        sum += buffer[(((sy * size) + sx) * 3) + c];
                    }

                    result[(((y * size) + x) * 3) + c] = sum * scale;
                }
            }
        }

        return result;
    }

    /// <summary>The buffer as an 8-bit image (<see cref="DemoCanvas.ToRgb"/> per pixel).</summary>
    public static RgbImage ToImage(double[] buffer, int size)
    {
        var image = new RgbImage(size, size, Rgb.Black);
        for (var y = 0; y < size; y++)
        {
            for (var x = 0; x < size; x++)
            {
                var i = ((y * size) + x) * 3;
                image[x, y] = DemoCanvas.ToRgb(buffer[i], buffer[i + 1], buffer[i + 2]);
            }
        }

        return image;
    }

    /// <summary>Moves a float colour a fraction <paramref name="t"/> of the way towards <paramref name="target"/>.</summary>
    public static (double R, double G, double B) Mix((double R, double G, double B) color, Rgb target, double t) =>
        (color.R + ((target.R - color.R) * t), color.G + ((target.G - color.G) * t), color.B + ((target.B - color.B) * t));
}
