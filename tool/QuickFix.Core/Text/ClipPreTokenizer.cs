using System.Globalization;
using System.Text;
using Microsoft.ML.Tokenizers;

namespace QuickFix.Text;

/// <summary>
/// CLIP's pre-tokeniser (algorithm.md §8 item 2), the <c>regex</c>-module pattern
/// <c>&lt;\|startoftext\|&gt;|&lt;\|endoftext\|&gt;|'s|'t|'re|'ve|'m|'ll|'d|[\p{L}]+|[\p{N}]|[^\s\p{L}\p{N}]+</c>
/// with IGNORECASE, applied the way <c>re.findall</c> scans: at each position the first alternative that matches wins,
/// and a position where none matches (whitespace) is skipped.
/// </summary>
/// <remarks>
/// Hand-written instead of <see cref="RegexPreTokenizer"/> because .NET regular expressions classify UTF-16 code units,
/// not code points: a letter or digit outside the BMP (math alphanumerics, CJK extension B) is two surrogates that
/// <c>\p{L}</c> does not match, so it would split off from its word, where Python keeps the word together.
/// <see cref="RegexPreTokenizer"/> also cuts special tokens out before matching, whereas the Python pattern only sees
/// them where a match starts (<c>"!&lt;|endoftext|&gt;"</c> is one symbol run, then letters, there).
/// </remarks>
internal sealed class ClipPreTokenizer : PreTokenizer
{
    private static readonly string[] SpecialTokens = [ClipVocabularyFiles.StartOfText, ClipVocabularyFiles.EndOfText];

    private static readonly string[] Contractions = ["'s", "'t", "'re", "'ve", "'m", "'ll", "'d"];

    private enum RuneClass
    {
        Letter,
        Number,
        WhiteSpace,
        Other,
    }

    /// <inheritdoc />
    public override IEnumerable<(int Offset, int Length)> PreTokenize(string text) =>
        text is null ? [] : Split(text.AsSpan());

    /// <inheritdoc />
    public override IEnumerable<(int Offset, int Length)> PreTokenize(ReadOnlySpan<char> text) => Split(text);

    /// <summary>The pre-token ranges of an already cleaned and lower-cased text.</summary>
    public static List<(int Offset, int Length)> Split(ReadOnlySpan<char> text)
    {
        var ranges = new List<(int Offset, int Length)>();
        var position = 0;
        while (position < text.Length)
        {
            var rest = text[position..];
            var length = MatchLength(rest);
            if (length == 0)
            {
                Rune.DecodeFromUtf16(rest, out _, out var skipped);
                position += skipped;
                continue;
            }

            ranges.Add((position, length));
            position += length;
        }

        return ranges;
    }

    private static int MatchLength(ReadOnlySpan<char> text)
    {
        foreach (var literal in SpecialTokens)
        {
            if (text.StartsWith(literal, StringComparison.OrdinalIgnoreCase))
            {
                return literal.Length;
            }
        }

        foreach (var literal in Contractions)
        {
            if (text.StartsWith(literal, StringComparison.OrdinalIgnoreCase))
            {
                return literal.Length;
            }
        }

        var first = Classify(text, out var firstLength);
        return first switch
        {
            RuneClass.WhiteSpace => 0,
            RuneClass.Number => firstLength,
            _ => firstLength + RunLength(text[firstLength..], first),
        };
    }

    private static int RunLength(ReadOnlySpan<char> text, RuneClass runClass)
    {
        var length = 0;
        while (length < text.Length && Classify(text[length..], out var runeLength) == runClass)
        {
            length += runeLength;
        }

        return length;
    }

    private static RuneClass Classify(ReadOnlySpan<char> text, out int runeLength)
    {
        // A lone surrogate decodes to U+FFFD (a symbol) and consumes one char, like any other unpaired code unit.
        Rune.DecodeFromUtf16(text, out var rune, out runeLength);
        if (Rune.IsWhiteSpace(rune))
        {
            return RuneClass.WhiteSpace;
        }

        return Rune.GetUnicodeCategory(rune) switch
        {
            UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
                or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter => RuneClass.Letter,
            UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber => RuneClass.Number,
            _ => RuneClass.Other,
        };
    }
}
