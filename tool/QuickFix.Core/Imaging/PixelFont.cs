using System.Collections.Frozen;

namespace QuickFix.Imaging;

/// <summary>
/// A 5 × 7 pixel font for labels: digits, capital letters (lower case is drawn as capitals) and common punctuation;
/// any other character is drawn as <c>?</c>. Hand-written because no font library is available to the project and
/// labels need only ASCII. Each glyph is 7 rows, one byte per row from the top, bit 4 the leftmost pixel.
/// </summary>
internal static class PixelFont
{
    /// <summary>Glyph width in font pixels.</summary>
    public const int GlyphWidth = 5;

    /// <summary>Glyph height in font pixels.</summary>
    public const int GlyphHeight = 7;

    /// <summary>Advance per character in font pixels (glyph plus one blank column).</summary>
    public const int Advance = GlyphWidth + 1;

    private static readonly FrozenDictionary<char, ulong> Glyphs = new Dictionary<char, ulong>
    {
        [' '] = 0x00_00_00_00_00_00_00, ['0'] = 0x0E_11_13_15_19_11_0E, ['1'] = 0x04_0C_04_04_04_04_0E,
        ['2'] = 0x0E_11_01_02_04_08_1F, ['3'] = 0x1F_02_04_02_01_11_0E, ['4'] = 0x02_06_0A_12_1F_02_02,
        ['5'] = 0x1F_10_1E_01_01_11_0E, ['6'] = 0x06_08_10_1E_11_11_0E, ['7'] = 0x1F_01_02_04_08_08_08,
        ['8'] = 0x0E_11_11_0E_11_11_0E, ['9'] = 0x0E_11_11_0F_01_02_0C, ['A'] = 0x0E_11_11_11_1F_11_11,
        ['B'] = 0x1E_11_11_1E_11_11_1E, ['C'] = 0x0E_11_10_10_10_11_0E, ['D'] = 0x1C_12_11_11_11_12_1C,
        ['E'] = 0x1F_10_10_1E_10_10_1F, ['F'] = 0x1F_10_10_1E_10_10_10, ['G'] = 0x0E_11_10_17_11_11_0F,
        ['H'] = 0x11_11_11_1F_11_11_11, ['I'] = 0x0E_04_04_04_04_04_0E, ['J'] = 0x07_02_02_02_02_12_0C,
        ['K'] = 0x11_12_14_18_14_12_11, ['L'] = 0x10_10_10_10_10_10_1F, ['M'] = 0x11_1B_15_15_11_11_11,
        ['N'] = 0x11_11_19_15_13_11_11, ['O'] = 0x0E_11_11_11_11_11_0E, ['P'] = 0x1E_11_11_1E_10_10_10,
        ['Q'] = 0x0E_11_11_11_15_12_0D, ['R'] = 0x1E_11_11_1E_14_12_11, ['S'] = 0x0F_10_10_0E_01_01_1E,
        ['T'] = 0x1F_04_04_04_04_04_04, ['U'] = 0x11_11_11_11_11_11_0E, ['V'] = 0x11_11_11_11_11_0A_04,
        ['W'] = 0x11_11_11_15_15_15_0A, ['X'] = 0x11_11_0A_04_0A_11_11, ['Y'] = 0x11_11_11_0A_04_04_04,
        ['Z'] = 0x1F_01_02_04_08_10_1F, ['.'] = 0x00_00_00_00_00_0C_0C, [','] = 0x00_00_00_00_0C_04_08,
        [':'] = 0x00_0C_0C_00_0C_0C_00, [';'] = 0x00_0C_0C_00_0C_04_08, ['-'] = 0x00_00_00_1F_00_00_00,
        ['_'] = 0x00_00_00_00_00_00_1F, ['\''] = 0x0C_04_08_00_00_00_00, ['"'] = 0x0A_0A_0A_00_00_00_00,
        ['('] = 0x02_04_08_08_08_04_02, [')'] = 0x08_04_02_02_02_04_08, ['['] = 0x0E_08_08_08_08_08_0E,
        [']'] = 0x0E_02_02_02_02_02_0E, ['/'] = 0x00_01_02_04_08_10_00, ['='] = 0x00_00_1F_00_1F_00_00,
        ['+'] = 0x00_04_04_1F_04_04_00, ['%'] = 0x18_19_02_04_08_13_03, ['<'] = 0x02_04_08_10_08_04_02,
        ['>'] = 0x08_04_02_01_02_04_08, ['!'] = 0x04_04_04_04_04_00_04, ['?'] = 0x0E_11_01_02_04_00_04,
        ['#'] = 0x0A_0A_1F_0A_1F_0A_0A, ['*'] = 0x00_04_15_0E_15_04_00, ['&'] = 0x0C_12_14_08_15_12_0D,
    }.ToFrozenDictionary();

    /// <summary>Width in image pixels of <paramref name="text"/> at <paramref name="scale"/>.</summary>
    public static int Measure(string text, int scale) => text.Length == 0 ? 0 : ((text.Length * Advance) - 1) * scale;

    /// <summary>Draws <paramref name="text"/> with its top-left corner at (<paramref name="x"/>, <paramref name="y"/>); pixels outside the image are skipped.</summary>
    public static void Draw(RgbImage image, int x, int y, string text, Rgb color, int scale)
    {
        foreach (var character in text)
        {
            var glyph = Glyphs.TryGetValue(char.ToUpperInvariant(character), out var bits) ? bits : Glyphs['?'];
            for (var row = 0; row < GlyphHeight; row++)
            {
                var rowBits = (int)(glyph >> (8 * (GlyphHeight - 1 - row))) & 0x1F;
                for (var column = 0; column < GlyphWidth; column++)
                {
                    if ((rowBits & (1 << (GlyphWidth - 1 - column))) != 0)
                    {
                        image.FillRectangle(x + (column * scale), y + (row * scale), scale, scale, color);
                    }
                }
            }

            x += Advance * scale;
        }
    }
}
