namespace QuickFix.Text;

/// <summary>
/// A tokenizer folder or file is missing or malformed (<c>QF03xx</c>). The message names the file and, for
/// <c>merges.txt</c> and JSON syntax errors, the 1-based line.
/// </summary>
public sealed class TokenizerFormatException : QuickFixException
{
    /// <summary>The tokenizer folder, <c>vocab.json</c> or <c>merges.txt</c> does not exist.</summary>
    public const string MissingFileCode = "QF0301";

    /// <summary><c>vocab.json</c> is not a JSON object of token to id, its ids are not 0..N-1, or a special token is missing.</summary>
    public const string InvalidVocabularyCode = "QF0302";

    /// <summary>A <c>merges.txt</c> line is not two tokens of the vocabulary whose concatenation is in the vocabulary.</summary>
    public const string InvalidMergesCode = "QF0303";

    /// <summary><c>tokenizer_config.json</c> or <c>special_tokens_map.json</c> is unreadable or names an unsupported pad token.</summary>
    public const string InvalidConfigurationCode = "QF0304";

    private readonly int? _line;

    internal TokenizerFormatException(string code, string message, string filePath, int? line = null, Exception? innerException = null)
        : base(code, message, filePath, innerException)
    {
        _line = line;
    }

    /// <inheritdoc />
    public override int? Line => _line;
}
