using System.Net;
using System.Text;

namespace QuickFix.Text;

/// <summary>
/// OpenAI CLIP's text clean-up before pre-tokenisation (algorithm.md §8 item 1): <c>basic_clean</c> then
/// <c>whitespace_clean</c>. Lower-casing is left to the tokenizer's normaliser.
/// </summary>
/// <remarks>
/// <c>ftfy.fix_text</c> (mojibake and other Unicode repairs) is not reproduced: there is no .NET port, and
/// well-formed captions pass through it unchanged. HF's <c>CLIPTokenizer</c> does not html-unescape; this follows
/// OpenAI, whose tokenizer produced the reference ids.
/// </remarks>
internal static class ClipTextCleaner
{
    /// <summary>Unescapes HTML twice, collapses each whitespace run to one space and trims.</summary>
    public static string Clean(string text)
    {
        // html.unescape(html.unescape(text)). WebUtility.HtmlDecode decodes numeric references and HTML 4's named ones
        // (&amp; &lt; &quot; &eacute; ...); Python also knows HTML 5's rarer names and accepts legacy ones without ';'
        // ("&amp"). Captions with such rare references would differ; everyday ones decode the same.
        var unescaped = WebUtility.HtmlDecode(WebUtility.HtmlDecode(text));
        return CollapseWhitespace(unescaped);
    }

    /// <summary>
    /// <c>re.sub(r'\s+', ' ', text).strip()</c>. Hand-written rather than a Regex so that "whitespace" is exactly
    /// <see cref="char.IsWhiteSpace(char)"/>, Unicode's White_Space set, taken to be what the <c>regex</c> module's
    /// <c>\s</c> matches (Python's own <c>str.isspace</c> would also count U+001C..U+001F).
    /// </summary>
    private static string CollapseWhitespace(string text)
    {
        var builder = new StringBuilder(text.Length);
        var pendingSpace = false;
        foreach (var character in text)
        {
            if (char.IsWhiteSpace(character))
            {
                pendingSpace = builder.Length > 0;
                continue;
            }

            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }

            builder.Append(character);
        }

        return builder.ToString();
    }
}
