using QuickFix.Checkpoints;
using StbImageWriteSharp;

namespace QuickFix.Imaging;

/// <summary>
/// PNG output through StbImageWriteSharp (a C# port of stb_image_write): its own zlib encoder, so the same pixels give
/// the same bytes on every machine and runtime.
/// </summary>
public static class PngWriter
{
    /// <summary>The image as PNG bytes (8-bit RGB).</summary>
    public static byte[] Encode(RgbImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        using var stream = new MemoryStream();
        new ImageWriter().WritePng(image.Pixels.ToArray(), image.Width, image.Height, ColorComponents.RedGreenBlue, stream);
        return stream.ToArray();
    }

    /// <summary>Writes the image to <paramref name="path"/> atomically and returns the bytes written.</summary>
    public static byte[] Write(string path, RgbImage image)
    {
        var bytes = Encode(image);
        AtomicFile.Write(path, stream =>
        {
            stream.Write(bytes);
            return bytes.Length;
        });
        return bytes;
    }
}
