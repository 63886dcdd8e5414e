using System.Diagnostics.CodeAnalysis;

namespace QuickFix.Recipes;

/// <summary>What an edit changes (<c>edits[].kind</c>, optional; spelled <c>style</c>, <c>object</c>, <c>fact</c>). Informational: the solve is the same.</summary>
public enum EditKind
{
    /// <summary><c>style</c>: an artistic style ("Van Gogh" → "painting").</summary>
    Style,

    /// <summary><c>object</c>: an object or character ("Snoopy" → "a dog").</summary>
    [SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "Named as the recipe spells it.")]
    Object,

    /// <summary><c>fact</c>: a factual association ("The President of the United States" → "Joe Biden").</summary>
    Fact,
}
