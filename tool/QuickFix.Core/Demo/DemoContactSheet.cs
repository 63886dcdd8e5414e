using System.Globalization;
using QuickFix.Imaging;

namespace QuickFix.Demo;

/// <summary>
/// A grid of dataset images on white, each with its index under it in the project's pixel font, row by row, for a
/// person to look at the data.
/// </summary>
public static class DemoContactSheet
{
    /// <summary>Images per row (fewer when there are fewer images).</summary>
    public const int Columns = 8;

    private const int Pad = 4;
    private static readonly Rgb LabelColor = new(60, 60, 60);

    /// <summary>Renders the sheet for <paramref name="items"/> (at least one, all the same size).</summary>
    public static RgbImage Render(IReadOnlyList<DemoItem> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        if (items.Count == 0)
        {
            throw new ArgumentException("A contact sheet needs at least one image.", nameof(items));
        }

        var size = items[0].Image.Width;
        if (items.Any(item => item.Image.Width != size || item.Image.Height != size))
        {
            throw new ArgumentException("Every image of a contact sheet must have the same square size.", nameof(items));
        }

        var columns = Math.Min(Columns, items.Count);
        var rows = (items.Count + columns - 1) / columns;
        var (pitchX, pitchY) = (size + Pad, size + PixelFont.GlyphHeight + (2 * Pad));
        var sheet = new RgbImage((columns * pitchX) + Pad, (rows * pitchY) + Pad, Rgb.White);
        for (var i = 0; i < items.Count; i++)
        {
            var (left, top) = (Pad + (i % columns * pitchX), Pad + (i / columns * pitchY));
            sheet.DrawImage(items[i].Image, left, top);
            PixelFont.Draw(sheet, left, top + size + Pad - 1, items[i].Index.ToString(CultureInfo.InvariantCulture), LabelColor, 1);
        }

        return sheet;
    }
}
