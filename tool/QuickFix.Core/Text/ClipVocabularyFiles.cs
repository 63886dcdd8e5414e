using System.Text.Json;

namespace QuickFix.Text;

/// <summary>
/// Reads and validates the files of a diffusers/HF <c>CLIPTokenizer</c> folder: <c>vocab.json</c> (token → id),
/// <c>merges.txt</c> (<c>#version: 0.2</c> header, then one "left right" pair per line, by rank) and the pad token of
/// <c>special_tokens_map.json</c> / <c>tokenizer_config.json</c>. Every failure is a <see cref="TokenizerFormatException"/>
/// naming the file (and line where there is one).
/// </summary>
internal static class ClipVocabularyFiles
{
    public const string VocabularyFileName = "vocab.json";
    public const string MergesFileName = "merges.txt";
    public const string TokenizerConfigFileName = "tokenizer_config.json";
    public const string SpecialTokensMapFileName = "special_tokens_map.json";
    public const string MergesVersionHeader = "#version: 0.2";
    public const string StartOfText = "<|startoftext|>";
    public const string EndOfText = "<|endoftext|>";
    public const string ZeroPadToken = "!";
    public const string EndOfWordSuffix = "</w>";

    /// <summary>Reads <c>vocab.json</c> and checks that its ids are exactly 0..N-1 and that both specials are present.</summary>
    public static Dictionary<string, int> ReadVocabulary(string path)
    {
        RequireFile(path);
        Dictionary<string, int>? vocabulary;
        try
        {
            using var stream = File.OpenRead(path);
            vocabulary = JsonSerializer.Deserialize<Dictionary<string, int>>(stream);
        }
        catch (JsonException exception)
        {
            throw new TokenizerFormatException(
                TokenizerFormatException.InvalidVocabularyCode,
                $"{path}: not a JSON object of token to integer id ({exception.Message}).",
                path,
                (int?)exception.LineNumber + 1,
                exception);
        }

        if (vocabulary is null || vocabulary.Count == 0)
        {
            throw InvalidVocabulary(path, "the vocabulary is empty");
        }

        var seen = new bool[vocabulary.Count];
        foreach (var (token, id) in vocabulary)
        {
            if (id < 0 || id >= vocabulary.Count || seen[id])
            {
                throw InvalidVocabulary(path, $"token \"{token}\" has id {id}; ids must be 0..{vocabulary.Count - 1}, each used once");
            }

            seen[id] = true;
        }

        foreach (var special in (string[])[StartOfText, EndOfText])
        {
            if (!vocabulary.ContainsKey(special))
            {
                throw InvalidVocabulary(path, $"the special token \"{special}\" is missing");
            }
        }

        return vocabulary;
    }

    /// <summary>
    /// Reads <c>merges.txt</c> as "left right" strings in rank order, without the <c>#version</c> header; each pair and
    /// its concatenation must be vocabulary tokens (CLIP builds its vocabulary from exactly these merges).
    /// </summary>
    public static List<string> ReadMerges(string path, IReadOnlyDictionary<string, int> vocabulary)
    {
        RequireFile(path);
        var merges = new List<string>();
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if ((lineNumber == 1 && line.StartsWith("#version", StringComparison.Ordinal)) || line.Length == 0)
            {
                continue;
            }

            var parts = line.Split(' ');
            if (parts.Length != 2 || parts[0].Length == 0 || parts[1].Length == 0)
            {
                throw InvalidMerge(path, lineNumber, $"expected two tokens separated by one space, found \"{line}\"");
            }

            foreach (var token in (string[])[parts[0], parts[1], parts[0] + parts[1]])
            {
                if (!vocabulary.ContainsKey(token))
                {
                    throw InvalidMerge(path, lineNumber, $"\"{token}\" is not in {VocabularyFileName}");
                }
            }

            merges.Add(line);
        }

        return merges;
    }

    /// <summary>
    /// The padding a tokenizer folder declares: <c>pad_token</c> of <c>special_tokens_map.json</c>, else of
    /// <c>tokenizer_config.json</c> (the precedence transformers applies), else HF's default <c>&lt;|endoftext|&gt;</c>.
    /// </summary>
    public static PaddingStyle ReadPadding(string directory)
    {
        foreach (var fileName in (string[])[SpecialTokensMapFileName, TokenizerConfigFileName])
        {
            var path = Path.Combine(directory, fileName);
            if (File.Exists(path) && ReadPadToken(path) is { } padToken)
            {
                return padToken switch
                {
                    EndOfText => PaddingStyle.EndOfText,
                    ZeroPadToken => PaddingStyle.Zero,
                    _ => throw new TokenizerFormatException(
                        TokenizerFormatException.InvalidConfigurationCode,
                        $"{path}: pad_token \"{padToken}\" is not supported; CLIP checkpoints pad with \"{EndOfText}\" or \"{ZeroPadToken}\".",
                        path),
                };
            }
        }

        return PaddingStyle.EndOfText;
    }

    /// <summary>The <c>pad_token</c> value: a string, or an AddedToken object with a <c>content</c> string.</summary>
    private static string? ReadPadToken(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            using var document = JsonDocument.Parse(stream);
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("pad_token", out var padToken))
            {
                return null;
            }

            return padToken.ValueKind switch
            {
                JsonValueKind.String => padToken.GetString(),
                JsonValueKind.Object when padToken.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.String
                    => content.GetString(),
                JsonValueKind.Null => null,
                _ => throw new TokenizerFormatException(
                    TokenizerFormatException.InvalidConfigurationCode,
                    $"{path}: pad_token must be a string or an object with a \"content\" string.",
                    path),
            };
        }
        catch (JsonException exception)
        {
            throw new TokenizerFormatException(
                TokenizerFormatException.InvalidConfigurationCode,
                $"{path}: invalid JSON ({exception.Message}).",
                path,
                (int?)exception.LineNumber + 1,
                exception);
        }
    }

    private static void RequireFile(string path)
    {
        if (!File.Exists(path))
        {
            throw new TokenizerFormatException(
                TokenizerFormatException.MissingFileCode, $"{path}: tokenizer file not found.", path);
        }
    }

    private static TokenizerFormatException InvalidVocabulary(string path, string problem) =>
        new(TokenizerFormatException.InvalidVocabularyCode, $"{path}: {problem}.", path);

    private static TokenizerFormatException InvalidMerge(string path, int lineNumber, string problem) =>
        new(TokenizerFormatException.InvalidMergesCode, $"{path}({lineNumber}): {problem}.", path, lineNumber);
}
