using QuickFix.Imaging;

namespace QuickFix.Demo;

/// <summary>
/// The flat drawing a style starts from: a colour per pixel (float64 RGB in [0, 255]) and a region id per pixel, filled
/// by hard-edged primitives tested at pixel centres. Region ids let styles find outlines (where the id changes) and tell
/// the object (<see cref="ObjectBody"/> and above) from the background (below it).
/// </summary>
/// <remarks>
/// Only +, −, ×, ÷, comparisons and square roots (IEEE-exact, correctly rounded) are used here and in every style, no
/// <see cref="Math.Sin"/>-like functions, whose results may differ between C runtimes: the bytes are the same on any
/// x64 machine.
/// </remarks>
internal sealed class DemoCanvas
{
    /// <summary>The first region id of the object; ids below are background regions.</summary>
    public const byte ObjectBody = 16;

    private readonly double[] colors;
    private readonly byte[] regions;

    public DemoCanvas(int size)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size);
        Size = size;
        colors = new double[size * size * 3];
        regions = new byte[size * size];
    }

    /// <summary>Width and height in pixels.</summary>
    public int Size { get; }

    /// <summary>Pixels per unit of the 64 × 64 design grid the painters draw on.</summary>
    public double Unit => Size / 64.0;

    /// <summary>The region id at a pixel.</summary>
    public byte Region(int x, int y) => regions[(y * Size) + x];

    /// <summary>True when the pixel belongs to the object.</summary>
    public bool IsObject(int x, int y) => Region(x, y) >= ObjectBody;

    /// <summary>Channel <paramref name="channel"/> (0 R, 1 G, 2 B) of a pixel.</summary>
    public double Channel(int x, int y, int channel) => colors[(((y * Size) + x) * 3) + channel];

    /// <summary>The colour of the pixel nearest to (<paramref name="x"/>, <paramref name="y"/>), clamped to the canvas.</summary>
    public (double R, double G, double B) Sample(double x, double y)
    {
        var column = Math.Clamp((int)Math.Floor(x), 0, Size - 1);
        var row = Math.Clamp((int)Math.Floor(y), 0, Size - 1);
        var i = ((row * Size) + column) * 3;
        return (colors[i], colors[i + 1], colors[i + 2]);
    }

    /// <summary>
    /// True when the region changes between this pixel and the one <paramref name="distance"/> pixels to the left or
    /// above (so an outline is drawn once, on one side of each boundary).
    /// </summary>
    public bool IsBoundary(int x, int y, int distance)
    {
        var region = Region(x, y);
        for (var d = 1; d <= distance; d++)
        {
            if ((x >= d && Region(x - d, y) != region) || (y >= d && Region(x, y - d) != region))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Rounds a float colour to 8 bits (half away from zero), clamping to [0, 255].</summary>
    public static Rgb ToRgb(double r, double g, double b) => new(ToByte(r), ToByte(g), ToByte(b));

    /// <summary>Rec. 601 luma of a float colour, in [0, 255].</summary>
    public static double Luma(double r, double g, double b) => (0.299 * r) + (0.587 * g) + (0.114 * b);

    /// <summary>Sets one pixel.</summary>
    public void Set(int x, int y, Rgb color, byte region)
    {
        var i = (y * Size) + x;
        regions[i] = region;
        (colors[3 * i], colors[(3 * i) + 1], colors[(3 * i) + 2]) = (color.R, color.G, color.B);
    }

    /// <summary>Fills the whole canvas.</summary>
    public void Clear(Rgb color, byte region) => FillRectangle(0, 0, Size, Size, color, region);

    /// <summary>Fills the pixels whose centres lie in [x0, x1) × [y0, y1).</summary>
    public void FillRectangle(double x0, double y0, double x1, double y1, Rgb color, byte region) =>
        Fill(x0, y0, x1, y1, color, region, (x, y) => x >= x0 && x < x1 && y >= y0 && y < y1);

    /// <summary>Fills an axis-aligned ellipse.</summary>
    public void FillEllipse(double cx, double cy, double rx, double ry, Rgb color, byte region) =>
        Fill(cx - rx, cy - ry, cx + rx, cy + ry, color, region, (x, y) =>
        {
            var (dx, dy) = ((x - cx) / rx, (y - cy) / ry);
            return (dx * dx) + (dy * dy) <= 1;
        });

    /// <summary>Fills a circle.</summary>
    public void FillCircle(double cx, double cy, double r, Rgb color, byte region) => FillEllipse(cx, cy, r, r, color, region);

    /// <summary>Fills a polygon (even-odd rule), given by its vertices in order.</summary>
    public void FillPolygon(IReadOnlyList<(double X, double Y)> points, Rgb color, byte region)
    {
        ArgumentNullException.ThrowIfNull(points);
        Fill(points.Min(p => p.X), points.Min(p => p.Y), points.Max(p => p.X), points.Max(p => p.Y), color, region, (x, y) =>
        {
            var inside = false;
            for (int i = 0, j = points.Count - 1; i < points.Count; j = i++)
            {
                var (a, b) = (points[i], points[j]);
                if ((a.Y > y) != (b.Y > y) && x < a.X + ((y - a.Y) * (b.X - a.X) / (b.Y - a.Y)))
                {
                    inside = !inside;
                }
            }

            return inside;
        });
    }

    /// <summary>Draws a segment <paramref name="width"/> pixels wide with round ends.</summary>
    public void DrawLine(double x0, double y0, double x1, double y1, double width, Rgb color, byte region)
    {
        var half = width / 2;
        var (dx, dy) = (x1 - x0, y1 - y0);
        var lengthSquared = (dx * dx) + (dy * dy);
        Fill(Math.Min(x0, x1) - half, Math.Min(y0, y1) - half, Math.Max(x0, x1) + half, Math.Max(y0, y1) + half, color, region, (x, y) =>
        {
            var t = lengthSquared == 0 ? 0 : Math.Clamp((((x - x0) * dx) + ((y - y0) * dy)) / lengthSquared, 0, 1);
            var (ex, ey) = (x - (x0 + (t * dx)), y - (y0 + (t * dy)));
            return (ex * ex) + (ey * ey) <= half * half;
        });
    }

    /// <summary>Sets every pixel in the bounding box whose centre satisfies <paramref name="inside"/>.</summary>
    private void Fill(double x0, double y0, double x1, double y1, Rgb color, byte region, Func<double, double, bool> inside)
    {
        var (left, top) = (Math.Max(0, (int)Math.Floor(x0)), Math.Max(0, (int)Math.Floor(y0)));
        var (right, bottom) = (Math.Min(Size - 1, (int)Math.Ceiling(x1)), Math.Min(Size - 1, (int)Math.Ceiling(y1)));
        for (var y = top; y <= bottom; y++)
        {
            for (var x = left; x <= right; x++)
            {
                if (inside(x + 0.5, y + 0.5))
                {
                    Set(x, y, color, region);
                }
            }
        }
    }

    private static byte ToByte(double value) => (byte)Math.Clamp(Math.Round(value, MidpointRounding.AwayFromZero), 0, 255);
}
