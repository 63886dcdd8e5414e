using QuickFix.Imaging;

namespace QuickFix.Demo;

/// <summary>
/// "In the style of Van Gogh": a swirling flow field (three random vortices over a gentle drift) along which the
/// colours are smeared and a stroke noise is integrated (line-integral convolution), so every region is covered in long
/// curved brush strokes; colours are saturated and pulled towards chrome yellow (light) and ultramarine (dark), and the
/// object gets a dark blue contour.
/// </summary>
internal static class VanGoghStyle
{
    private const int Vortices = 3;
    private const int StrokeSteps = 7;
    private const int SmearSteps = 3;

    private static readonly Rgb Yellow = new(245, 205, 60);
    private static readonly Rgb Ultramarine = new(25, 55, 140);
    private static readonly Rgb Contour = new(25, 30, 70);

    public static RgbImage Render(DemoCanvas canvas, ref DemoRandom random)
    {
        var size = canvas.Size;
        var unit = canvas.Unit;
        var vortices = new (double X, double Y, double Sign)[Vortices];
        for (var k = 0; k < Vortices; k++)
        {
            vortices[k] = (random.NextUnit() * size, random.NextUnit() * size, random.NextInt(2) == 0 ? -1 : 1);
        }

        // Stroke noise on the 64 × 64 design grid, so strokes have the same width in units at every size.
        var noise = new double[64 * 64];
        for (var i = 0; i < noise.Length; i++)
        {
            noise[i] = random.NextUnit();
        }

        var core = 6 * unit * 6 * unit;
        (double X, double Y) Flow(double x, double y)
        {
            var (vx, vy) = (0.35, 0.1);
            foreach (var (kx, ky, sign) in vortices)
            {
                var (dx, dy) = (x - kx, y - ky);
                var weight = sign * size / ((dx * dx) + (dy * dy) + core);
                (vx, vy) = (vx - (weight * dy), vy + (weight * dx));
            }

            var length = Math.Sqrt((vx * vx) + (vy * vy));
            return length < 1e-9 ? (1, 0) : (vx / length, vy / length);
        }

        double Noise(double x, double y) =>
            noise[(Math.Clamp((int)Math.Floor(y / unit), 0, 63) * 64) + Math.Clamp((int)Math.Floor(x / unit), 0, 63)];

        var contourWidth = Math.Max(1, (int)unit);
        var image = new RgbImage(size, size, Rgb.Black);
        for (var y = 0; y < size; y++)
        {
            for (var x = 0; x < size; x++)
            {
                var (strokeSum, count) = (Noise(x + 0.5, y + 0.5), 1);
                var smear = canvas.Sample(x + 0.5, y + 0.5);
                var smearCount = 1;
                foreach (var direction in (ReadOnlySpan<int>)[-1, 1])
                {
                    var (px, py) = (x + 0.5, y + 0.5);
                    for (var step = 1; step <= StrokeSteps; step++)
                    {
                        var (fx, fy) = Flow(px, py);
                        (px, py) = (px + (direction * unit * fx), py + (direction * unit * fy));
                        strokeSum += Noise(px, py);
                        count++;
                        if (step <= SmearSteps)
                        {
                            var (r, g, b) = canvas.Sample(px, py);
                            smear = (smear.R + r, smear.G + g, smear.B + b);
                            smearCount++;
                        }
                    }
                }

                var brightness = 1 + (3.0 * ((strokeSum / count) - 0.5));
                var color = (smear.R / smearCount, smear.G / smearCount, smear.B / smearCount);
                if (canvas.IsObject(x, y) && canvas.IsBoundary(x, y, contourWidth))
                {
                    color = (Contour.R, Contour.G, Contour.B);
                }

                var mean = (color.Item1 + color.Item2 + color.Item3) / 3;
                var saturated = (mean + (1.5 * (color.Item1 - mean)), mean + (1.5 * (color.Item2 - mean)), mean + (1.5 * (color.Item3 - mean)));
                var pulled = StyleRaster.Mix(saturated, DemoCanvas.Luma(color.Item1, color.Item2, color.Item3) > 128 ? Yellow : Ultramarine, 0.18);
                image[x, y] = DemoCanvas.ToRgb(pulled.R * brightness, pulled.G * brightness, pulled.B * brightness);
            }
        }

        return image;
    }
}
