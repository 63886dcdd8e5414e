using QuickFix.Imaging;

namespace QuickFix.Demo;

/// <summary>
/// "In the style of Monet": a blurred, pastel under-painting covered by a jittered grid of small overlapping dabs, each
/// in the (pastel, slightly varied) colour of the drawing under its centre; no lines, low contrast, dappled.
/// </summary>
internal static class MonetStyle
{
    private static readonly Rgb Cream = new(245, 238, 220);

    public static RgbImage Render(DemoCanvas canvas, ref DemoRandom random)
    {
        var size = canvas.Size;
        var unit = canvas.Unit;
        var buffer = StyleRaster.BoxBlur(StyleRaster.FromCanvas(canvas), size, Math.Max(1, (int)unit));
        for (var i = 0; i < buffer.Length; i += 3)
        {
            (buffer[i], buffer[i + 1], buffer[i + 2]) = StyleRaster.Mix((buffer[i], buffer[i + 1], buffer[i + 2]), Cream, 0.35);
        }

        var (rx, ry) = (1.4 * unit, 1.0 * unit);
        for (var gy = 0; gy < 32; gy++)
        {
            for (var gx = 0; gx < 32; gx++)
            {
                var cx = (((2 * gx) + 1) * unit) + random.NextRange(-0.6 * unit, 0.6 * unit);
                var cy = (((2 * gy) + 1) * unit) + random.NextRange(-0.6 * unit, 0.6 * unit);
                var dab = StyleRaster.Mix(canvas.Sample(cx, cy), Cream, 0.3);
                var (r, g, b) = (dab.R + random.NextRange(-18, 18), dab.G + random.NextRange(-18, 18), dab.B + random.NextRange(-18, 18));
                var (left, right) = (Math.Max(0, (int)Math.Floor(cx - rx)), Math.Min(size - 1, (int)Math.Ceiling(cx + rx)));
                var (top, bottom) = (Math.Max(0, (int)Math.Floor(cy - ry)), Math.Min(size - 1, (int)Math.Ceiling(cy + ry)));
                for (var y = top; y <= bottom; y++)
                {
                    for (var x = left; x <= right; x++)
                    {
                        var (dx, dy) = ((x + 0.5 - cx) / rx, (y + 0.5 - cy) / ry);
                        if ((dx * dx) + (dy * dy) <= 1)
                        {
                            var i = ((y * size) + x) * 3;
                            (buffer[i], buffer[i + 1], buffer[i + 2]) = (r, g, b);
                        }
                    }
                }
            }
        }

        return StyleRaster.ToImage(buffer, size);
    }
}
