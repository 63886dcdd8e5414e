using QuickFix.Imaging;

namespace QuickFix.Demo;

/// <summary>
/// One item of a demo dataset: its scene (every attribute, hence every classifier label: <c>(int)Scene.Style</c> and so
/// on, <c>-1</c> for no role), its caption and its image.
/// </summary>
/// <param name="Index">The item's index in the dataset.</param>
/// <param name="Scene">What was drawn.</param>
/// <param name="Caption">The caption.</param>
/// <param name="Image">The rendered image.</param>
public sealed record DemoItem(long Index, DemoScene Scene, string Caption, RgbImage Image)
{
    /// <summary>
    /// Writes the image as a VAE/UNet input: channel-major <c>[3, H, W]</c> floats in [−1, 1] (<c>byte / 127.5 − 1</c>),
    /// the layout and range diffusers' image processor feeds an autoencoder.
    /// </summary>
    public void WriteNormalized(Span<float> destination)
    {
        var (width, height) = (Image.Width, Image.Height);
        if (destination.Length != 3 * width * height)
        {
            throw new ArgumentException($"Expected {3 * width * height} floats for a {width}x{height} RGB image, got {destination.Length}.", nameof(destination));
        }

        var pixels = Image.Pixels;
        var plane = width * height;
        for (var i = 0; i < plane; i++)
        {
            for (var c = 0; c < 3; c++)
            {
                destination[(c * plane) + i] = (float)((pixels[(3 * i) + c] / 127.5) - 1.0);
            }
        }
    }
}
