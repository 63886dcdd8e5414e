using System.Globalization;

namespace QuickFix.Imaging;

/// <summary>
/// Draws a <see cref="Heatmap"/>: title, column and row labels, one cell per value coloured on a white-to-red scale
/// between the smallest and largest defined value (each cell also printed to two decimals), the marked cell outlined, and a
/// colour scale bar with its min and max. Pure integer drawing: the same heatmap gives the same pixels everywhere.
/// </summary>
public static class HeatmapRenderer
{
    private const int Margin = 16;
    private const int TextScale = 2;
    private const int LineHeight = (PixelFont.GlyphHeight * TextScale) + 6;
    private const int CellHeight = 22;
    private const int BarWidth = 20;
    private const int MaxTitleCharacters = 100;

    private static readonly Rgb Background = Rgb.White;
    private static readonly Rgb Ink = new(32, 32, 32);
    private static readonly Rgb Undefined = new(200, 200, 200);
    private static readonly Rgb Low = new(255, 245, 240);
    private static readonly Rgb Middle = new(251, 106, 74);
    private static readonly Rgb High = new(103, 0, 13);

    /// <summary>Renders <paramref name="heatmap"/> into a new image.</summary>
    /// <exception cref="ArgumentException">The values are not rows × columns of the labels.</exception>
    public static RgbImage Render(Heatmap heatmap)
    {
        ArgumentNullException.ThrowIfNull(heatmap);
        var (rows, columns) = (heatmap.RowLabels.Count, heatmap.ColumnLabels.Count);
        if (rows == 0 || columns == 0 || heatmap.Values.Count != rows || heatmap.Values.Any(r => r.Count != columns))
        {
            throw new ArgumentException($"The heatmap needs {rows} rows of {columns} values, one per label.", nameof(heatmap));
        }

        var title = heatmap.Title.Select(line => line.Length <= MaxTitleCharacters ? line : line[..(MaxTitleCharacters - 3)] + "...").ToArray();
        var defined = heatmap.Values.SelectMany(r => r).OfType<double>().Where(double.IsFinite).ToArray();
        var (min, max) = defined.Length == 0 ? (0.0, 0.0) : (defined.Min(), defined.Max());

        var rowLabelWidth = heatmap.RowLabels.Max(l => PixelFont.Measure(l, TextScale)) + 10;
        var cellWidth = Math.Max(84, heatmap.ColumnLabels.Max(l => PixelFont.Measure(l, TextScale)) + 10);
        var gridLeft = Margin + rowLabelWidth;
        var gridTop = Margin + (title.Length * LineHeight) + 8 + LineHeight;
        var gridHeight = Math.Max(rows * CellHeight, 120);
        var barLeft = gridLeft + (columns * cellWidth) + 24;
        var scaleText = new[] { Label(max, defined.Length), Label(min, defined.Length) };
        var width = Math.Max(
            (2 * Margin) + title.Select(l => PixelFont.Measure(l, TextScale)).DefaultIfEmpty(0).Max(),
            barLeft + BarWidth + 8 + scaleText.Max(t => PixelFont.Measure(t, TextScale)) + Margin);
        width = Math.Max(width, barLeft + PixelFont.Measure(heatmap.ScaleLabel, TextScale) + Margin);
        var height = gridTop + gridHeight + Margin;
        var image = new RgbImage(width, height, Background);

        for (var i = 0; i < title.Length; i++)
        {
            PixelFont.Draw(image, Margin, Margin + (i * LineHeight), title[i], Ink, TextScale);
        }

        for (var c = 0; c < columns; c++)
        {
            var label = heatmap.ColumnLabels[c];
            PixelFont.Draw(image, gridLeft + (c * cellWidth) + ((cellWidth - PixelFont.Measure(label, TextScale)) / 2), gridTop - LineHeight, label, Ink, TextScale);
        }

        for (var r = 0; r < rows; r++)
        {
            var y = gridTop + (r * CellHeight);
            PixelFont.Draw(image, Margin, y + ((CellHeight - (PixelFont.GlyphHeight * TextScale)) / 2), heatmap.RowLabels[r], Ink, TextScale);
            for (var c = 0; c < columns; c++)
            {
                var x = gridLeft + (c * cellWidth);
                var value = heatmap.Values[r][c];
                var t = value is double v && double.IsFinite(v) ? Position(v, min, max) : double.NaN;
                var fill = double.IsNaN(t) ? Undefined : Colour(t);
                image.FillRectangle(x + 1, y + 1, cellWidth - 2, CellHeight - 2, fill);
                var text = double.IsNaN(t) ? "N/A" : value!.Value.ToString("0.00", CultureInfo.InvariantCulture);
                var textColour = !double.IsNaN(t) && t > 0.55 ? Rgb.White : Ink;
                PixelFont.Draw(image, x + ((cellWidth - PixelFont.Measure(text, 1)) / 2), y + ((CellHeight - PixelFont.GlyphHeight) / 2), text, textColour, 1);
                if (heatmap.Marked == (r, c))
                {
                    image.DrawRectangle(x, y, cellWidth, CellHeight, Rgb.Black, 2);
                }
            }
        }

        PixelFont.Draw(image, barLeft, gridTop - LineHeight, heatmap.ScaleLabel, Ink, TextScale);
        for (var y = 0; y < gridHeight; y++)
        {
            var colour = defined.Length == 0 ? Undefined : Colour(1.0 - ((double)y / (gridHeight - 1)));
            image.FillRectangle(barLeft, gridTop + y, BarWidth, 1, colour);
        }

        image.DrawRectangle(barLeft, gridTop, BarWidth, gridHeight, Ink);
        PixelFont.Draw(image, barLeft + BarWidth + 8, gridTop, scaleText[0], Ink, TextScale);
        PixelFont.Draw(image, barLeft + BarWidth + 8, gridTop + gridHeight - (PixelFont.GlyphHeight * TextScale), scaleText[1], Ink, TextScale);
        return image;
    }

    private static string Label(double value, int defined) =>
        defined == 0 ? "N/A" : value.ToString("0.###", CultureInfo.InvariantCulture);

    /// <summary>Where <paramref name="value"/> lies between min and max (0.5 when they are equal).</summary>
    private static double Position(double value, double min, double max) => max > min ? (value - min) / (max - min) : 0.5;

    private static Rgb Colour(double t) => t <= 0.5 ? Rgb.Lerp(Low, Middle, t * 2) : Rgb.Lerp(Middle, High, (t - 0.5) * 2);
}
