using QuickFix.Imaging;

namespace QuickFix.Demo;

/// <summary>Paints a background onto the canvas: plain colours, or landscapes of flat bands (regions 0–4).</summary>
internal static class BackgroundPainter
{
    private const byte Main = 0;
    private const byte Ground = 1;
    private const byte Sand = 2;
    private const byte Moon = 3;
    private const byte Stars = 4;

    /// <summary>Paints <paramref name="background"/>; the night sky's stars take their positions from <paramref name="random"/>.</summary>
    public static void Paint(DemoCanvas canvas, DemoBackground background, ref DemoRandom random)
    {
        var size = canvas.Size;
        switch (background)
        {
            case DemoBackground.White:
                canvas.Clear(new Rgb(242, 240, 235), Main);
                break;
            case DemoBackground.Black:
                canvas.Clear(new Rgb(20, 20, 24), Main);
                break;
            case DemoBackground.Blue:
                canvas.Clear(new Rgb(45, 95, 205), Main);
                break;
            case DemoBackground.Field:
                canvas.Clear(new Rgb(150, 200, 245), Main);
                canvas.FillRectangle(0, 0.6 * size, size, size, new Rgb(70, 160, 60), Ground);
                break;
            case DemoBackground.Beach:
                canvas.Clear(new Rgb(170, 215, 250), Main);
                canvas.FillRectangle(0, 0.42 * size, size, 0.62 * size, new Rgb(30, 110, 180), Ground);
                canvas.FillRectangle(0, 0.62 * size, size, size, new Rgb(232, 205, 150), Sand);
                break;
            case DemoBackground.Night:
                canvas.Clear(new Rgb(15, 20, 60), Main);
                var unit = canvas.Unit;
                for (var i = 0; i < 14; i++)
                {
                    var (x, y) = (random.NextInt(62) * unit, random.NextInt(62) * unit);
                    canvas.FillRectangle(x, y, x + unit, y + unit, new Rgb(235, 235, 210), Stars);
                }

                canvas.FillCircle(0.84 * size, 0.16 * size, 5 * unit, new Rgb(245, 240, 200), Moon);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(background), background, "Unknown background.");
        }
    }
}
