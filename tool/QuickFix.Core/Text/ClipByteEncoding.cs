namespace QuickFix.Text;

/// <summary>
/// CLIP's (and GPT-2's) reversible byte-to-character table, <c>bytes_to_unicode()</c> in
/// <c>openai/CLIP:clip/simple_tokenizer.py</c>: bytes <c>!</c>..<c>~</c>, <c>¡</c>..<c>¬</c> and <c>®</c>..<c>ÿ</c> map to
/// themselves, every other byte to <c>chr(256 + n)</c> in byte order. Its order is the order of the first 256
/// vocabulary entries, which is why it is spelled out here rather than taken from the tokenizer library.
/// </summary>
internal static class ClipByteEncoding
{
    private static readonly char[] SymbolOfByte = BuildSymbolOfByte();

    /// <summary>The 256 byte symbols in vocabulary order (printable bytes first, then the remapped ones).</summary>
    public static IReadOnlyList<string> SymbolsInVocabularyOrder { get; } = Array.AsReadOnly(BuildSymbolsInVocabularyOrder());

    /// <summary>Maps a string's UTF-8 bytes to byte symbols, one character per byte.</summary>
    public static string Encode(string text)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(text);
        return string.Create(bytes.Length, bytes, static (chars, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                chars[i] = SymbolOfByte[source[i]];
            }
        });
    }

    private static bool MapsToItself(int value) =>
        value is >= '!' and <= '~' or >= '¡' and <= '¬' or >= '®' and <= 'ÿ';

    private static string[] BuildSymbolsInVocabularyOrder()
    {
        var symbols = new List<string>(256);
        for (var value = 0; value < 256; value++)
        {
            if (MapsToItself(value))
            {
                symbols.Add(((char)value).ToString());
            }
        }

        var remapped = 0;
        for (var value = 0; value < 256; value++)
        {
            if (!MapsToItself(value))
            {
                symbols.Add(((char)(256 + remapped++)).ToString());
            }
        }

        return [.. symbols];
    }

    private static char[] BuildSymbolOfByte()
    {
        var table = new char[256];
        var remapped = 0;
        for (var value = 0; value < 256; value++)
        {
            table[value] = MapsToItself(value) ? (char)value : (char)(256 + remapped++);
        }

        return table;
    }
}
