using QuickFix.Demo;
using QuickFix.Imaging;

namespace QuickFix.Tests.Demo;

/// <summary>
/// A fixed, hand-made statistic of an image that tells rendering styles apart without learning anything: luma gradient
/// histograms, how many gradients fall on pixel art's block grid, saturation, brightness, and the near-white and
/// near-black fractions. Nearest-centroid classification on it is the style-distinctness test.
/// </summary>
internal static class StyleFeatures
{
    private static readonly double[] GradientEdges = [0.5, 2, 6, 16, 40];

    public static double[] Of(RgbImage image)
    {
        var (width, height) = (image.Width, image.Height);
        var block = width / 16;
        var luma = new double[width * height];
        var (saturation, brightness, white, black) = (0.0, 0.0, 0.0, 0.0);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var p = image[x, y];
                var l = (0.299 * p.R) + (0.587 * p.G) + (0.114 * p.B);
                luma[(y * width) + x] = l;
                saturation += (Math.Max(p.R, Math.Max(p.G, p.B)) - Math.Min(p.R, Math.Min(p.G, p.B))) / 255.0;
                brightness += l / 255;
                white += l > 230 ? 1 : 0;
                black += l < 30 ? 1 : 0;
            }
        }

        var histogram = new double[GradientEdges.Length + 1];
        var (onGrid, nonZero, total) = (0.0, 0.0, 0.0);
        void Add(double difference, bool onBlockEdge)
        {
            var bin = 0;
            while (bin < GradientEdges.Length && difference >= GradientEdges[bin])
            {
                bin++;
            }

            histogram[bin]++;
            total++;
            if (difference >= GradientEdges[0])
            {
                nonZero++;
                onGrid += onBlockEdge ? 1 : 0;
            }
        }

        for (var y = 0; y < height - 1; y++)
        {
            for (var x = 0; x < width - 1; x++)
            {
                var here = luma[(y * width) + x];
                Add(Math.Abs(luma[(y * width) + x + 1] - here), (x + 1) % block == 0);
                Add(Math.Abs(luma[((y + 1) * width) + x] - here), (y + 1) % block == 0);
            }
        }

        var pixels = (double)(width * height);
        return [.. histogram.Select(h => h / total), nonZero == 0 ? 0 : onGrid / nonZero, saturation / pixels, brightness / pixels, white / pixels, black / pixels];
    }
}
