using StbImageSharp;

namespace QuickFix.Imaging;

/// <summary>
/// PNG input through StbImageSharp (a C# port of stb_image, the reading half of <see cref="PngWriter"/>'s library):
/// any PNG colour type and bit depth is converted to 8-bit RGB, so snapshots saved by other tools compare too.
/// </summary>
public static class PngReader
{
    /// <summary>Decodes PNG bytes to 8-bit RGB.</summary>
    /// <exception cref="ImageFormatException">The bytes are not a decodable image.</exception>
    public static RgbImage Decode(byte[] png, string? path = null)
    {
        ArgumentNullException.ThrowIfNull(png);
        ImageResult decoded;
        try
        {
            decoded = ImageResult.FromMemory(png, ColorComponents.RedGreenBlue);
        }
#pragma warning disable CA1031 // stb_image reports every decoding failure as a plain System.Exception.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            throw new ImageFormatException($"not a readable PNG image: {exception.Message}", path, exception);
        }

        var image = new RgbImage(decoded.Width, decoded.Height, Rgb.Black);
        var data = decoded.Data;
        for (var y = 0; y < decoded.Height; y++)
        {
            for (var x = 0; x < decoded.Width; x++)
            {
                var i = ((y * decoded.Width) + x) * 3;
                image[x, y] = new Rgb(data[i], data[i + 1], data[i + 2]);
            }
        }

        return image;
    }

    /// <summary>Reads and decodes the PNG file at <paramref name="path"/>.</summary>
    /// <exception cref="ImageFormatException">The file is not a decodable image.</exception>
    public static RgbImage Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Decode(File.ReadAllBytes(path), Path.GetFullPath(path));
    }
}
