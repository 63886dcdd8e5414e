namespace QuickFix.Imaging;

/// <summary>
/// The labelled comparison picture <c>apply</c> writes per prompt: the prompt as title (word-wrapped), a
/// <c>BEFORE</c> | <c>AFTER</c> column heading, and one row per seed with its label on the left, on white, with the
/// project's 5 × 7 pixel font (<see cref="PixelFont"/>, so the bytes are the same everywhere). Images of at least
/// 256 pixels' width get labels at twice the size.
/// </summary>
public static class BeforeAfterGrid
{
    /// <summary>Heading of the left image column.</summary>
    public const string BeforeHeading = "before";

    /// <summary>Heading of the right image column.</summary>
    public const string AfterHeading = "after";

    private static readonly Rgb TextColor = Rgb.Black;
    private static readonly Rgb HeadingColor = new(90, 90, 90);

    /// <summary>Renders the grid.</summary>
    /// <param name="title">The prompt (or any title); drawn in capitals, wrapped to the grid's width.</param>
    /// <param name="rows">At least one row; every image the same size.</param>
    /// <exception cref="ArgumentException">No rows, or the images' sizes differ.</exception>
    public static RgbImage Render(string title, IReadOnlyList<BeforeAfterRow> rows)
    {
        ArgumentNullException.ThrowIfNull(title);
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0)
        {
            throw new ArgumentException("A grid needs at least one row.", nameof(rows));
        }

        var (cellWidth, cellHeight) = (rows[0].Before.Width, rows[0].Before.Height);
        if (rows.Any(r => r.Before.Width != cellWidth || r.Before.Height != cellHeight || r.After.Width != cellWidth || r.After.Height != cellHeight))
        {
            throw new ArgumentException("Every image of a grid must have the same size.", nameof(rows));
        }

        var scale = cellWidth >= 256 ? 2 : 1;
        var pad = 6 * scale;
        var lineHeight = PixelFont.GlyphHeight * scale;
        var lineGap = 3 * scale;
        var labelColumn = rows.Max(r => PixelFont.Measure(r.Label, scale)) + (2 * pad);
        var afterColumn = labelColumn + cellWidth + pad;
        var width = afterColumn + cellWidth + pad;

        var titleLines = Wrap(title.Trim(), width - (2 * pad), scale);
        var headingTop = pad + (titleLines.Count * (lineHeight + lineGap)) + (titleLines.Count > 0 ? pad : 0);
        var imagesTop = headingTop + lineHeight + pad;
        var height = imagesTop + (rows.Count * (cellHeight + pad));

        var grid = new RgbImage(width, height, Rgb.White);
        for (var i = 0; i < titleLines.Count; i++)
        {
            PixelFont.Draw(grid, pad, pad + (i * (lineHeight + lineGap)), titleLines[i], TextColor, scale);
        }

        DrawCentered(grid, labelColumn, cellWidth, headingTop, BeforeHeading, HeadingColor, scale);
        DrawCentered(grid, afterColumn, cellWidth, headingTop, AfterHeading, HeadingColor, scale);
        for (var r = 0; r < rows.Count; r++)
        {
            var top = imagesTop + (r * (cellHeight + pad));
            PixelFont.Draw(grid, pad, top + ((cellHeight - lineHeight) / 2), rows[r].Label, TextColor, scale);
            grid.DrawImage(rows[r].Before, labelColumn, top);
            grid.DrawImage(rows[r].After, afterColumn, top);
        }

        return grid;
    }

    /// <summary>Greedy word wrap to <paramref name="maxWidth"/> pixels; a word longer than a line is split.</summary>
    internal static IReadOnlyList<string> Wrap(string text, int maxWidth, int scale)
    {
        var maxChars = Math.Max(1, ((maxWidth / scale) + 1) / PixelFont.Advance);
        var lines = new List<string>();
        var line = string.Empty;
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var rest = word;
            while (rest.Length > 0)
            {
                var candidate = line.Length == 0 ? rest : $"{line} {rest}";
                if (candidate.Length <= maxChars)
                {
                    line = candidate;
                    rest = string.Empty;
                }
                else if (line.Length > 0)
                {
                    lines.Add(line);
                    line = string.Empty;
                }
                else
                {
                    lines.Add(rest[..maxChars]);
                    rest = rest[maxChars..];
                }
            }
        }

        if (line.Length > 0)
        {
            lines.Add(line);
        }

        return lines;
    }

    private static void DrawCentered(RgbImage grid, int left, int columnWidth, int top, string text, Rgb color, int scale) =>
        PixelFont.Draw(grid, left + Math.Max(0, (columnWidth - PixelFont.Measure(text, scale)) / 2), top, text, color, scale);
}
