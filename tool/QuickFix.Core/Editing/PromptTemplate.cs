namespace QuickFix.Editing;

/// <summary>
/// The caption augmentation of TIME / DIFF-QUICKFIX (algorithm.md §1.4; fixture README §2): the template <c>"{}"</c> uses
/// the caption verbatim; any other template gets the caption with a leading capital "A" lower-cased, so that
/// "A photo of {}" with "A dog" reads "A photo of a dog".
/// </summary>
public static class PromptTemplate
{
    /// <summary>The placeholder a template must contain.</summary>
    public const string Placeholder = "{}";

    /// <summary>Fills <paramref name="template"/> with <paramref name="caption"/> by TIME's rule.</summary>
    /// <exception cref="ArgumentException">The template has no <c>{}</c>.</exception>
    public static string Apply(string template, string caption)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(caption);
        if (!template.Contains(Placeholder, StringComparison.Ordinal))
        {
            throw new ArgumentException($"The template '{template}' has no '{Placeholder}' placeholder.", nameof(template));
        }

        if (template == Placeholder)
        {
            return caption;
        }

        // TIME's rule touches the first character only, and only a capital 'A'.
        var lowered = caption.StartsWith('A') ? string.Concat("a", caption.AsSpan(1)) : caption;
        return template.Replace(Placeholder, lowered, StringComparison.Ordinal);
    }
}
