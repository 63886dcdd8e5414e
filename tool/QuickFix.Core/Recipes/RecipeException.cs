namespace QuickFix.Recipes;

/// <summary>
/// A recipe is invalid (<c>QF01xx</c>, one code per rule). <see cref="QuickFixException.FilePath"/> is the recipe,
/// <see cref="Line"/> and <see cref="Column"/> the 1-based place of the offending key or value, and the message
/// starts with the key's path (<c>method.lambda: …</c>) and says what was expected. The loader stops at the first
/// error it finds.
/// </summary>
public sealed class RecipeException : QuickFixException
{
    /// <summary>The recipe file does not exist or cannot be read (no line).</summary>
    public const string UnreadableFileCode = "QF0101";

    /// <summary>The recipe is larger than <see cref="RecipeLoader.MaxDocumentLength"/> characters.</summary>
    public const string DocumentTooLargeCode = "QF0102";

    /// <summary>The text is not well-formed YAML, uses a tag, names an undefined alias, or holds more than one document.</summary>
    public const string SyntaxCode = "QF0103";

    /// <summary>A mapping names the same key twice (reported at the second).</summary>
    public const string DuplicateKeyCode = "QF0104";

    /// <summary>
    /// The document nests deeper than <see cref="RecipeLoader.MaxDepth"/> or, with aliases expanded, holds more than
    /// <see cref="RecipeLoader.MaxNodes"/> nodes (an alias bomb).
    /// </summary>
    public const string StructureLimitCode = "QF0105";

    /// <summary>A key that version 1 does not define; the message lists the allowed keys.</summary>
    public const string UnknownKeyCode = "QF0110";

    /// <summary>A required key is missing (version, model, output, edits; output.path; edits[].key/value; images.prompts/seeds/snapshots; synth family/size/seed).</summary>
    public const string MissingKeyCode = "QF0111";

    /// <summary>A value of the wrong type: a mapping, list or scalar where another is expected, a non-integer, non-number, non-boolean, or null.</summary>
    public const string WrongTypeCode = "QF0112";

    /// <summary><c>version</c> is an integer other than 1.</summary>
    public const string UnsupportedVersionCode = "QF0113";

    /// <summary>A value outside its enumeration; the message lists the allowed spellings.</summary>
    public const string InvalidEnumCode = "QF0114";

    /// <summary>A caption, template or path that is empty or only white space.</summary>
    public const string EmptyTextCode = "QF0115";

    /// <summary>Two edits with the same key (compared as CLIP reads them: case and runs of white space ignored).</summary>
    public const string DuplicateEditCode = "QF0116";

    /// <summary>
    /// A number outside its range: λ not finite or not greater than 0; layer, seeds or encoder indices negative;
    /// steps outside 1–1000; guidance not finite or negative; an integer too large for its field.
    /// </summary>
    public const string OutOfRangeCode = "QF0117";

    /// <summary><c>images.size</c> is not <c>WxH</c> with both sides positive multiples of 8 and at most 8192.</summary>
    public const string InvalidSizeCode = "QF0118";

    /// <summary>A template does not contain <c>{}</c> exactly once.</summary>
    public const string InvalidTemplateCode = "QF0119";

    /// <summary><c>model.path</c> does not exist.</summary>
    public const string ModelNotFoundCode = "QF0120";

    /// <summary><c>output.path</c> equals the base model, lies inside it, or is a folder that holds it.</summary>
    public const string OutputOverlapsModelCode = "QF0121";

    /// <summary><c>model</c> has both or neither of <c>path</c> and <c>synth</c>, or a <c>tokenizer</c> with <c>synth</c>.</summary>
    public const string ModelSourceCode = "QF0122";

    /// <summary><c>model.tokenizer</c> is not an existing folder.</summary>
    public const string TokenizerNotFoundCode = "QF0123";

    /// <summary>
    /// A caption, as every template wraps it, is longer than 75 CLIP tokens (checked once the model's tokenizer is
    /// open), or any caption, template or prompt is longer than <see cref="RecipeLoader.MaxCaptionLength"/> characters
    /// (checked when the recipe is read, before anything is tokenized).
    /// </summary>
    public const string CaptionTooLongCode = "QF0124";

    /// <summary><c>method.encoders</c> names a text encoder the model does not have (checked once the model is open).</summary>
    public const string EncoderOutOfRangeCode = "QF0125";

    /// <summary>A list that is a set (templates, encoders, preserve, images.prompts, images.seeds) holds the same item twice.</summary>
    public const string DuplicateItemCode = "QF0126";

    /// <summary>A list that must not be empty (edits, templates, encoders, images.prompts, images.seeds) is empty.</summary>
    public const string EmptyListCode = "QF0127";

    /// <summary>
    /// <c>output.path</c> is the recipe's own folder or a folder that holds it (<c>.</c>, <c>..</c>, <c>../..</c>, or the
    /// same written absolutely): a folder output replaces what is there, so writing would delete the recipe and
    /// everything beside it.
    /// </summary>
    public const string OutputHoldsRecipeCode = "QF0128";

    private readonly int? _line;
    private readonly int? _column;

    /// <summary>An error at <paramref name="location"/> of the recipe <paramref name="filePath"/>.</summary>
    public RecipeException(string code, string message, string filePath, SourceLocation location, Exception? innerException = null)
        : base(code, message, filePath, innerException)
    {
        _line = location.Line;
        _column = location.Column;
    }

    /// <summary>An error about the recipe file as a whole, with no place in it (it cannot be read).</summary>
    public RecipeException(string code, string message, string filePath, Exception? innerException = null)
        : base(code, message, filePath, innerException)
    {
    }

    /// <inheritdoc />
    public override int? Line => _line;

    /// <inheritdoc />
    public override int? Column => _column;
}
