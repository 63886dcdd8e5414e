namespace QuickFix.Text;

/// <summary>
/// Standard byte-level BPE training in CLIP's word format: each pre-token of the (cleaned, lower-cased) corpus is a word
/// of byte symbols with <c>&lt;/w&gt;</c> on the last one; repeatedly the most frequent adjacent pair over all words
/// (weighted by word frequency) is merged everywhere, ties broken by ordinal order of (left, right).
/// </summary>
/// <remarks>
/// One deviation keeps the files valid: a pair whose concatenation is already a symbol (e.g. "ab"+"c" after "a"+"bc")
/// is never chosen, because CLIP's vocabulary has one entry per merge and OpenAI's <c>simple_tokenizer</c> rebuilds its
/// vocabulary from merges.txt, so a duplicate result would shift every later id. Pure and deterministic: the result
/// depends only on the multiset of corpus words, not on their order.
/// </remarks>
internal static class BytePairTrainer
{
    /// <summary>Learns up to <paramref name="mergeCount"/> merges; fewer when no eligible pair remains.</summary>
    public static IReadOnlyList<(string Left, string Right)> Learn(IEnumerable<string> corpus, int mergeCount)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        ArgumentOutOfRangeException.ThrowIfNegative(mergeCount);

        var words = CountWords(corpus);
        var symbols = new HashSet<string>(ClipByteEncoding.SymbolsInVocabularyOrder, StringComparer.Ordinal);
        symbols.UnionWith(ClipByteEncoding.SymbolsInVocabularyOrder.Select(symbol => symbol + ClipVocabularyFiles.EndOfWordSuffix));
        var merges = new List<(string Left, string Right)>(mergeCount);
        while (merges.Count < mergeCount && BestPair(words, symbols) is { } pair)
        {
            merges.Add(pair);
            symbols.Add(pair.Left + pair.Right);
            foreach (var word in words)
            {
                Merge(word.Symbols, pair);
            }
        }

        return merges;
    }

    private static List<(List<string> Symbols, int Count)> CountWords(IEnumerable<string> corpus)
    {
        var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var text in corpus)
        {
            ArgumentNullException.ThrowIfNull(text, nameof(corpus));
            // The same normalisation as ClipTokenizer (LowerCaseNormalizer lower-cases invariantly).
            var normalized = ClipTextCleaner.Clean(text).ToLowerInvariant();
            foreach (var (offset, length) in ClipPreTokenizer.Split(normalized))
            {
                var word = normalized.Substring(offset, length);
                if (word is not (ClipVocabularyFiles.StartOfText or ClipVocabularyFiles.EndOfText))
                {
                    counts[word] = counts.GetValueOrDefault(word) + 1;
                }
            }
        }

        return [.. counts.Select(entry => (ToSymbols(entry.Key), entry.Value))];
    }

    private static List<string> ToSymbols(string word)
    {
        var symbols = ClipByteEncoding.Encode(word).Select(symbol => symbol.ToString()).ToList();
        symbols[^1] += ClipVocabularyFiles.EndOfWordSuffix;
        return symbols;
    }

    private static (string Left, string Right)? BestPair(List<(List<string> Symbols, int Count)> words, HashSet<string> symbols)
    {
        var pairCounts = new Dictionary<(string Left, string Right), int>();
        foreach (var (wordSymbols, count) in words)
        {
            for (var i = 0; i + 1 < wordSymbols.Count; i++)
            {
                var pair = (wordSymbols[i], wordSymbols[i + 1]);
                pairCounts[pair] = pairCounts.GetValueOrDefault(pair) + count;
            }
        }

        (string Left, string Right)? best = null;
        var bestCount = 0;
        foreach (var (pair, count) in pairCounts)
        {
            if (symbols.Contains(pair.Left + pair.Right))
            {
                continue;
            }

            if (count > bestCount || (count == bestCount && IsOrdinallyBefore(pair, best!.Value)))
            {
                best = pair;
                bestCount = count;
            }
        }

        return best;
    }

    private static bool IsOrdinallyBefore((string Left, string Right) pair, (string Left, string Right) other)
    {
        var left = string.CompareOrdinal(pair.Left, other.Left);
        return left < 0 || (left == 0 && string.CompareOrdinal(pair.Right, other.Right) < 0);
    }

    private static void Merge(List<string> symbols, (string Left, string Right) pair)
    {
        for (var i = 0; i + 1 < symbols.Count; i++)
        {
            if (symbols[i] == pair.Left && symbols[i + 1] == pair.Right)
            {
                symbols[i] = pair.Left + pair.Right;
                symbols.RemoveAt(i + 1);
            }
        }
    }
}
