using QuickFix.Imaging;

namespace QuickFix.Demo;

/// <summary>
/// "Pixel art": the drawing point-sampled on a 16 × 16 grid of blocks, each channel quantised to six levels (the
/// 216-colour web palette), with a black one-block outline around the object, like a sprite.
/// </summary>
internal static class PixelArtStyle
{
    /// <summary>Blocks per side.</summary>
    public const int Blocks = 16;

    private static readonly Rgb Outline = new(20, 20, 24);

    public static RgbImage Render(DemoCanvas canvas)
    {
        var size = canvas.Size;
        var block = size / Blocks;
        var image = new RgbImage(size, size, Rgb.Black);
        bool IsObject(int bx, int by) =>
            bx >= 0 && by >= 0 && bx < Blocks && by < Blocks && canvas.IsObject((bx * block) + (block / 2), (by * block) + (block / 2));

        for (var by = 0; by < Blocks; by++)
        {
            for (var bx = 0; bx < Blocks; bx++)
            {
                var (px, py) = ((bx * block) + (block / 2), (by * block) + (block / 2));
                var color = !IsObject(bx, by) && (IsObject(bx - 1, by) || IsObject(bx + 1, by) || IsObject(bx, by - 1) || IsObject(bx, by + 1))
                    ? Outline
                    : new Rgb(Quantize(canvas.Channel(px, py, 0)), Quantize(canvas.Channel(px, py, 1)), Quantize(canvas.Channel(px, py, 2)));
                image.FillRectangle(bx * block, by * block, block, block, color);
            }
        }

        return image;
    }

    private static byte Quantize(double value) => (byte)(Math.Round(value / 51, MidpointRounding.AwayFromZero) * 51);
}
