using QuickFix.Imaging;

namespace QuickFix.Demo;

/// <summary>
/// Draws an object onto the canvas from primitives, around the placement's centre and within about its half-size
/// <c>h</c>. The body (and everything in the object's colour) is region <see cref="DemoCanvas.ObjectBody"/>; each kind
/// of detail (eye whites, pupils, nose or beak, accents, wheels, a pale belly) has its own region so outlines show.
/// </summary>
internal static class ObjectPainter
{
    private const byte Body = DemoCanvas.ObjectBody;
    private const byte Belly = Body + 1;
    private const byte EyeWhite = Body + 2;
    private const byte Pupil = Body + 3;
    private const byte Feature = Body + 4;
    private const byte Accent = Body + 5;
    private const byte Wheel = Body + 6;

    private static readonly Rgb Dark = new(30, 30, 35);
    private static readonly Rgb White = new(250, 250, 250);
    private static readonly Rgb Nose = new(240, 120, 150);
    private static readonly Rgb Beak = new(110, 70, 30);
    private static readonly Rgb Iris = new(40, 200, 220);
    private static readonly Rgb AntennaBall = new(220, 30, 30);

    /// <summary>
    /// cos and sin of −90° + 36°·k, k = 0..9: the star's vertices, written out because the trigonometric functions of
    /// the C runtime are not guaranteed bit-identical across machines.
    /// </summary>
    private static readonly (double X, double Y)[] StarDirections =
    [
        (0, -1), (0.5877852522924731, -0.8090169943749475), (0.9510565162951535, -0.3090169943749474),
        (0.9510565162951535, 0.3090169943749474), (0.5877852522924731, 0.8090169943749475), (0, 1),
        (-0.5877852522924731, 0.8090169943749475), (-0.9510565162951535, 0.3090169943749474),
        (-0.9510565162951535, -0.3090169943749474), (-0.5877852522924731, -0.8090169943749475),
    ];

    /// <summary>Draws <paramref name="obj"/> filled with <paramref name="color"/> at <paramref name="placement"/>.</summary>
    public static void Paint(DemoCanvas canvas, DemoObject obj, Rgb color, ScenePlacement placement)
    {
        var (cx, cy, h) = (placement.CenterX * canvas.Size, placement.CenterY * canvas.Size, placement.HalfSize * canvas.Size);
        // Points relative to the centre in units of h, so each drawing reads like its sketch on squared paper.
        (double X, double Y) P(double x, double y) => (cx + (x * h), cy + (y * h));
        void Circle(double x, double y, double r, Rgb c, byte region) => canvas.FillCircle(cx + (x * h), cy + (y * h), r * h, c, region);
        void Ellipse(double x, double y, double rx, double ry, Rgb c, byte region) =>
            canvas.FillEllipse(cx + (x * h), cy + (y * h), rx * h, ry * h, c, region);
        void Rectangle(double x0, double y0, double x1, double y1, Rgb c, byte region) =>
            canvas.FillRectangle(cx + (x0 * h), cy + (y0 * h), cx + (x1 * h), cy + (y1 * h), c, region);
        void Polygon(Rgb c, byte region, params (double X, double Y)[] points) => canvas.FillPolygon([.. points.Select(p => P(p.X, p.Y))], c, region);
        void Line(double x0, double y0, double x1, double y1, Rgb c, byte region) =>
            canvas.DrawLine(cx + (x0 * h), cy + (y0 * h), cx + (x1 * h), cy + (y1 * h), Math.Max(1, 1.2 * canvas.Unit), c, region);
        void Mirrored(Action<double> draw)
        {
            draw(-1);
            draw(1);
        }

        switch (obj)
        {
            case DemoObject.Circle:
                Circle(0, 0, 1, color, Body);
                break;
            case DemoObject.Square:
                Rectangle(-0.85, -0.85, 0.85, 0.85, color, Body);
                break;
            case DemoObject.Triangle:
                Polygon(color, Body, (0, -1), (1, 0.8), (-1, 0.8));
                break;
            case DemoObject.Star:
                Polygon(color, Body, [.. StarDirections.Select((d, k) => (d.X * (k % 2 == 0 ? 1 : 0.42), (d.Y * (k % 2 == 0 ? 1 : 0.42)) + 0.08))]);
                break;
            case DemoObject.Heart:
                Mirrored(s => Circle(s * 0.48, -0.35, 0.52, color, Body));
                Polygon(color, Body, (-0.98, -0.2), (0.98, -0.2), (0, 0.95));
                break;
            case DemoObject.Cat:
                Mirrored(s => Polygon(color, Body, (s * 0.78, -0.05), (s * 0.7, -0.95), (s * 0.15, -0.5)));
                Circle(0, 0.15, 0.8, color, Body);
                Mirrored(s => Ellipse(s * 0.32, 0.05, 0.12, 0.18, Dark, Pupil));
                Polygon(Nose, Feature, (-0.1, 0.3), (0.1, 0.3), (0, 0.42));
                Mirrored(s =>
                {
                    Line(s * 0.3, 0.45, s * 0.95, 0.35, Dark, Feature);
                    Line(s * 0.3, 0.5, s * 0.95, 0.62, Dark, Feature);
                });
                break;
            case DemoObject.Frog:
                Ellipse(0, 0.25, 1, 0.65, color, Body);
                Mirrored(s =>
                {
                    Circle(s * 0.5, -0.3, 0.32, color, Body);
                    Circle(s * 0.5, -0.3, 0.2, White, EyeWhite);
                    Circle(s * 0.5, -0.3, 0.1, Dark, Pupil);
                });
                Line(-0.6, 0.35, 0, 0.55, Dark, Feature);
                Line(0, 0.55, 0.6, 0.35, Dark, Feature);
                break;
            case DemoObject.Owl:
                Mirrored(s => Polygon(color, Body, (s * 0.7, -0.45), (s * 0.6, -1), (s * 0.25, -0.65)));
                Ellipse(0, 0.1, 0.72, 0.9, color, Body);
                Ellipse(0, 0.45, 0.45, 0.45, Rgb.Lerp(color, White, 0.45), Belly);
                Mirrored(s =>
                {
                    Circle(s * 0.3, -0.3, 0.27, White, EyeWhite);
                    Circle(s * 0.3, -0.3, 0.13, Dark, Pupil);
                });
                Polygon(Beak, Feature, (-0.1, -0.15), (0.1, -0.15), (0, 0.08));
                break;
            case DemoObject.Robot:
                Mirrored(s => Rectangle(s < 0 ? -1 : 0.78, 0, s < 0 ? -0.78 : 1, 0.6, color, Body));
                Rectangle(-0.7, -0.1, 0.7, 1, color, Body);
                Rectangle(-0.15, -0.2, 0.15, -0.1, Dark, Feature);
                Rectangle(-0.55, -1, 0.55, -0.2, color, Body);
                Mirrored(s =>
                {
                    Rectangle(s < 0 ? -0.4 : 0.12, -0.78, s < 0 ? -0.12 : 0.4, -0.5, White, EyeWhite);
                    Rectangle(s < 0 ? -0.3 : 0.2, -0.7, s < 0 ? -0.2 : 0.3, -0.58, Dark, Pupil);
                });
                Rectangle(-0.3, -0.4, 0.3, -0.3, Dark, Feature);
                break;
            case DemoObject.Pip:
                Line(0, -0.6, 0, -1.02, Dark, Feature);
                Circle(0, -1.05, 0.13, AntennaBall, Accent);
                Polygon(color, Body, (-0.55, 0.05), (0.55, 0.05), (0.72, 0.75), (-0.72, 0.75));
                Circle(0, -0.3, 0.55, color, Body);
                Circle(0, -0.3, 0.34, White, EyeWhite);
                Circle(0, -0.3, 0.2, Iris, Accent);
                Circle(0, -0.3, 0.09, Dark, Pupil);
                Mirrored(s => Circle(s * 0.45, 0.78, 0.24, Dark, Wheel));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(obj), obj, "Unknown object.");
        }
    }
}
