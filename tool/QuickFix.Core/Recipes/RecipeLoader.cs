using System.Text;

namespace QuickFix.Recipes;

/// <summary>
/// Reads and validates <c>edits.yaml</c> (design.md "Recipe (edits.yaml), version 1"). Stops at the first error,
/// checked in this order: YAML well-formedness and limits, then the document's keys in schema order (version
/// first, so that a future version is reported as such; in each section unknown keys, then missing keys, then
/// each value), then the output/model and output/recipe overlaps. Needs no tokenizer: caption lengths in tokens
/// are checked by <see cref="RecipeModelChecks"/> once the model is open.
/// </summary>
public static class RecipeLoader
{
    /// <summary>Largest recipe read, in characters (and bytes for <see cref="Load"/>): 1 MiB.</summary>
    public const int MaxDocumentLength = 1 << 20;

    /// <summary>Deepest nesting of lists and mappings accepted.</summary>
    public const int MaxDepth = 32;

    /// <summary>Most YAML nodes accepted with aliases expanded; bounds alias bombs ("billion laughs").</summary>
    public const int MaxNodes = 100_000;

    /// <summary>
    /// Longest caption, template or prompt accepted, in UTF-16 characters: 75 tokens of CLIP's longest (32 bytes of
    /// UTF-8, never more UTF-16 characters than that), so no text whose words fit CLIP's context is refused. Checked
    /// before tokenizing, because BPE's cost grows with the square of a word's length: one 500,000-character word
    /// would keep the tokenizer busy for minutes.
    /// </summary>
    public const int MaxCaptionLength = 75 * 32;

    /// <summary>Reads the recipe at <paramref name="path"/> (UTF-8) and validates it.</summary>
    /// <exception cref="RecipeException">The file cannot be read or the recipe is invalid.</exception>
    public static Recipe Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var fullPath = Path.GetFullPath(path);
        string text;
        try
        {
            var file = new FileInfo(fullPath);
            if (!file.Exists)
            {
                throw new RecipeException(RecipeException.UnreadableFileCode, "recipe file not found.", fullPath);
            }

            if (file.Length > MaxDocumentLength)
            {
                throw TooLarge(fullPath, file.Length);
            }

            text = File.ReadAllText(fullPath, Encoding.UTF8);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new RecipeException(RecipeException.UnreadableFileCode, $"cannot read the recipe: {exception.Message}", fullPath, exception);
        }

        return Parse(text, fullPath);
    }

    /// <summary>
    /// Validates recipe text as if read from <paramref name="path"/>: relative paths resolve against its folder,
    /// and errors name it. The file itself need not exist; <c>model.path</c> and <c>model.tokenizer</c> must.
    /// </summary>
    /// <exception cref="RecipeException">The recipe is invalid.</exception>
    public static Recipe Parse(string yamlText, string path)
    {
        ArgumentNullException.ThrowIfNull(yamlText);
        ArgumentException.ThrowIfNullOrEmpty(path);
        var fullPath = Path.GetFullPath(path);
        if (yamlText.Length > MaxDocumentLength)
        {
            throw TooLarge(fullPath, yamlText.Length);
        }

        var root = YamlTreeReader.Read(yamlText, fullPath);
        return new RecipeReader(fullPath).Read(root);
    }

    private static RecipeException TooLarge(string fullPath, long length) => new(
        RecipeException.DocumentTooLargeCode,
        $"the recipe is {length} characters long; at most {MaxDocumentLength} are read.",
        fullPath,
        SourceLocation.Start);
}
