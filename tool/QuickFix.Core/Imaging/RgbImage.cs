namespace QuickFix.Imaging;

/// <summary>A drawable 8-bit RGB raster, row-major from the top-left, 3 bytes per pixel.</summary>
public sealed class RgbImage
{
    private readonly byte[] pixels;

    /// <summary>Creates a <paramref name="width"/> × <paramref name="height"/> image filled with <paramref name="background"/>.</summary>
    public RgbImage(int width, int height, Rgb background)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        Width = width;
        Height = height;
        pixels = new byte[checked(width * height * 3)];
        FillRectangle(0, 0, width, height, background);
    }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>The pixels, <c>R, G, B</c> per pixel, rows top to bottom.</summary>
    public ReadOnlySpan<byte> Pixels => pixels;

    /// <summary>
    /// Writes the image as a network input: channel-major <c>[3, H, W]</c> floats in [−1, 1] (<c>byte / 127.5 − 1</c>),
    /// the layout and range diffusers' image processor feeds an autoencoder.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is not <c>3·W·H</c> long.</exception>
    public void WriteNormalized(Span<float> destination)
    {
        if (destination.Length != 3 * Width * Height)
        {
            throw new ArgumentException($"Expected {3 * Width * Height} floats for a {Width}x{Height} RGB image, got {destination.Length}.", nameof(destination));
        }

        var plane = Width * Height;
        for (var i = 0; i < plane; i++)
        {
            for (var c = 0; c < 3; c++)
            {
                destination[(c * plane) + i] = (float)((pixels[(3 * i) + c] / 127.5) - 1.0);
            }
        }
    }

    /// <summary>The colour at (<paramref name="x"/>, <paramref name="y"/>).</summary>
    public Rgb this[int x, int y]
    {
        get
        {
            var i = Offset(x, y);
            return new Rgb(pixels[i], pixels[i + 1], pixels[i + 2]);
        }

        set
        {
            var i = Offset(x, y);
            (pixels[i], pixels[i + 1], pixels[i + 2]) = (value.R, value.G, value.B);
        }
    }

    /// <summary>Fills a rectangle; the part outside the image is ignored.</summary>
    public void FillRectangle(int x, int y, int width, int height, Rgb color)
    {
        for (var row = Math.Max(0, y); row < Math.Min(Height, y + height); row++)
        {
            for (var column = Math.Max(0, x); column < Math.Min(Width, x + width); column++)
            {
                this[column, row] = color;
            }
        }
    }

    /// <summary>Draws a rectangle's outline <paramref name="thickness"/> pixels wide, inside its bounds.</summary>
    public void DrawRectangle(int x, int y, int width, int height, Rgb color, int thickness = 1)
    {
        FillRectangle(x, y, width, thickness, color);
        FillRectangle(x, y + height - thickness, width, thickness, color);
        FillRectangle(x, y, thickness, height, color);
        FillRectangle(x + width - thickness, y, thickness, height, color);
    }

    /// <summary>This image enlarged <paramref name="factor"/> times by repeating pixels (no smoothing: small images stay exact).</summary>
    public RgbImage Enlarged(int factor)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(factor);
        var enlarged = new RgbImage(Width * factor, Height * factor, Rgb.Black);
        for (var y = 0; y < enlarged.Height; y++)
        {
            for (var x = 0; x < enlarged.Width; x++)
            {
                enlarged[x, y] = this[x / factor, y / factor];
            }
        }

        return enlarged;
    }

    /// <summary>Copies <paramref name="source"/> with its top-left corner at (<paramref name="left"/>, <paramref name="top"/>); the part outside is ignored.</summary>
    public void DrawImage(RgbImage source, int left, int top)
    {
        ArgumentNullException.ThrowIfNull(source);
        for (var y = Math.Max(0, -top); y < Math.Min(source.Height, Height - top); y++)
        {
            for (var x = Math.Max(0, -left); x < Math.Min(source.Width, Width - left); x++)
            {
                this[left + x, top + y] = source[x, y];
            }
        }
    }

    private int Offset(int x, int y)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(x);
        ArgumentOutOfRangeException.ThrowIfNegative(y);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(x, Width);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(y, Height);
        return ((y * Width) + x) * 3;
    }
}
