using QuickFix.Imaging;

namespace QuickFix.Demo;

/// <summary>
/// "A photo": the flat drawing lit from the top left (the object shaded across its own extent so it looks rounded, the
/// background with a gentle gradient), softened by a box blur and given a little luminance noise.
/// </summary>
internal static class PhotoStyle
{
    public static RgbImage Render(DemoCanvas canvas, DemoScene scene, ref DemoRandom random)
    {
        var size = canvas.Size;
        var (cx, cy, h) = (scene.Placement.CenterX * size, scene.Placement.CenterY * size, scene.Placement.HalfSize * size);
        var lit = StyleRaster.FromCanvas(canvas);
        for (var y = 0; y < size; y++)
        {
            for (var x = 0; x < size; x++)
            {
                var factor = canvas.IsObject(x, y)
                    ? Math.Clamp(1.12 - (0.3 * ((x + 0.5 - cx + (y + 0.5 - cy)) / (2 * h))), 0.7, 1.25)
                    : 1.06 - (0.12 * (x + y) / (2.0 * size));
                for (var c = 0; c < 3; c++)
                {
                    lit[(((y * size) + x) * 3) + c] *= factor;
                }
            }
        }

        var soft = StyleRaster.BoxBlur(lit, size, Math.Max(1, (int)canvas.Unit));
        for (var i = 0; i < soft.Length; i += 3)
        {
            var noise = (random.NextUnit() - 0.5) * 8;
            (soft[i], soft[i + 1], soft[i + 2]) = (soft[i] + noise, soft[i + 1] + noise, soft[i + 2] + noise);
        }

        return StyleRaster.ToImage(soft, size);
    }
}
