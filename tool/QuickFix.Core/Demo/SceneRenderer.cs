using QuickFix.Imaging;

namespace QuickFix.Demo;

/// <summary>
/// Draws a scene: the background and the object as a flat drawing (<see cref="DemoCanvas"/>), then the style as a
/// post-process with its own texture. A pure function of (scene, size); the style's random draws come from the scene's
/// <see cref="DemoScene.TextureKey"/>.
/// </summary>
public static class SceneRenderer
{
    /// <summary>The smallest image side.</summary>
    public const int MinSize = 32;

    /// <summary>The largest image side.</summary>
    public const int MaxSize = 512;

    /// <summary>Sides must be multiples of this (pixel art's block grid).</summary>
    public const int SizeStep = PixelArtStyle.Blocks;

    /// <summary>Renders <paramref name="scene"/> as a <paramref name="size"/> × <paramref name="size"/> RGB image.</summary>
    /// <exception cref="DemoDataException">QF1501: the size is not a multiple of 16 in [32, 512].</exception>
    public static RgbImage Render(DemoScene scene, int size)
    {
        ArgumentNullException.ThrowIfNull(scene);
        ValidateSize(size);
        var canvas = new DemoCanvas(size);
        var random = DemoRandom.FromKey(scene.TextureKey);
        BackgroundPainter.Paint(canvas, scene.Background, ref random);
        ObjectPainter.Paint(canvas, scene.Figure, DemoConcepts.Value(scene.Color), scene.Placement);
        return scene.Style switch
        {
            DemoStyle.Photo => PhotoStyle.Render(canvas, scene, ref random),
            DemoStyle.Sketch => SketchStyle.Render(canvas, ref random),
            DemoStyle.PixelArt => PixelArtStyle.Render(canvas),
            DemoStyle.VanGogh => VanGoghStyle.Render(canvas, ref random),
            DemoStyle.Monet => MonetStyle.Render(canvas, ref random),
            DemoStyle.Mondrian => MondrianStyle.Render(canvas, ref random),
            _ => throw new ArgumentOutOfRangeException(nameof(scene), scene.Style, "Unknown style."),
        };
    }

    /// <summary>Throws QF1501 unless <paramref name="size"/> is a multiple of 16 in [32, 512].</summary>
    public static void ValidateSize(int size)
    {
        if (size < MinSize || size > MaxSize || size % SizeStep != 0)
        {
            throw new DemoDataException(
                DemoDataException.InvalidRequestCode,
                $"image size {size}: expected a multiple of {SizeStep} from {MinSize} to {MaxSize}.");
        }
    }
}
