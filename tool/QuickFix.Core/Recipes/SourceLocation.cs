namespace QuickFix.Recipes;

/// <summary>A 1-based line and column in a recipe file.</summary>
/// <param name="Line">1-based line.</param>
/// <param name="Column">1-based column.</param>
public readonly record struct SourceLocation(int Line, int Column)
{
    /// <summary>The start of the file.</summary>
    public static SourceLocation Start { get; } = new(1, 1);
}
