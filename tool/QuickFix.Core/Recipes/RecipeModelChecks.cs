using QuickFix.Text;

namespace QuickFix.Recipes;

/// <summary>
/// Checks of a recipe that need the opened model, run once it is open (the loader needs no model). They report a
/// <see cref="RecipeException"/> at the offending caption or index, like the loader's own checks.
/// </summary>
public static class RecipeModelChecks
{
    /// <summary>Content tokens that fit between BOS and EOS in CLIP's 77-token context.</summary>
    public const int MaxCaptionTokens = ClipTokenizer.ContextLength - 2;

    /// <summary>
    /// Every caption must fit CLIP's context untruncated, or the edit would silently act on a cut-off prompt: each
    /// edit key and value as every <see cref="MethodSpec.Templates"/> entry wraps it (algorithm.md §1.4), and each
    /// <see cref="Recipe.Preserve"/> and <see cref="ImagesSpec.Prompts"/> prompt as written. Call once per text
    /// encoder's tokenizer (SDXL has two).
    /// </summary>
    /// <exception cref="RecipeException"><see cref="RecipeException.CaptionTooLongCode"/> at the first caption longer than 75 tokens.</exception>
    public static void CheckCaptionLengths(Recipe recipe, ClipTokenizer tokenizer)
    {
        ArgumentNullException.ThrowIfNull(recipe);
        ArgumentNullException.ThrowIfNull(tokenizer);
        for (var i = 0; i < recipe.Edits.Count; i++)
        {
            foreach (var template in recipe.Method.Templates)
            {
                CheckTemplated(recipe, tokenizer, $"edits[{i}].key", recipe.Edits[i].Key, template);
                CheckTemplated(recipe, tokenizer, $"edits[{i}].value", recipe.Edits[i].Value, template);
            }
        }

        CheckAll(recipe, tokenizer, "preserve", recipe.Preserve);
        if (recipe.Images is { } images)
        {
            CheckAll(recipe, tokenizer, "images.prompts", images.Prompts);
        }
    }

    /// <summary><see cref="MethodSpec.Encoders"/> must name text encoders the model has (indices below <paramref name="textEncoderCount"/>).</summary>
    /// <exception cref="RecipeException"><see cref="RecipeException.EncoderOutOfRangeCode"/> at the first index out of range.</exception>
    public static void CheckEncoders(Recipe recipe, int textEncoderCount)
    {
        ArgumentNullException.ThrowIfNull(recipe);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(textEncoderCount);
        var encoders = recipe.Method.Encoders ?? new ValueList<int>([]);
        for (var i = 0; i < encoders.Count; i++)
        {
            if (encoders[i] >= textEncoderCount)
            {
                var path = $"method.encoders[{i}]";
                throw new RecipeException(
                    RecipeException.EncoderOutOfRangeCode,
                    $"{path}: the model has {textEncoderCount} text encoder(s), numbered from 0 to {textEncoderCount - 1}; found {encoders[i]}.",
                    recipe.FilePath,
                    recipe.Locate(path));
            }
        }
    }

    private static void CheckAll(Recipe recipe, ClipTokenizer tokenizer, string listPath, ValueList<string> captions)
    {
        for (var i = 0; i < captions.Count; i++)
        {
            var count = tokenizer.CountTokens(captions[i]);
            if (count > MaxCaptionTokens)
            {
                var path = $"{listPath}[{i}]";
                throw TooLong(recipe, path, $"{path}: the prompt is {count} CLIP tokens long; at most {MaxCaptionTokens} fit.");
            }
        }
    }

    private static void CheckTemplated(Recipe recipe, ClipTokenizer tokenizer, string path, string caption, string template)
    {
        var prompt = template.Replace(RecipeVocabulary.TemplateSlot, caption, StringComparison.Ordinal);
        var count = tokenizer.CountTokens(prompt);
        if (count > MaxCaptionTokens)
        {
            throw TooLong(
                recipe,
                path,
                $"{path}: with the template '{template}' the caption is {count} CLIP tokens long; at most {MaxCaptionTokens} fit.");
        }
    }

    private static RecipeException TooLong(Recipe recipe, string path, string message) =>
        new(RecipeException.CaptionTooLongCode, message, recipe.FilePath, recipe.Locate(path));
}
