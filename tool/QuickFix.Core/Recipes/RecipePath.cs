namespace QuickFix.Recipes;

/// <summary>
/// A path as written in the recipe and as resolved: relative paths are resolved against the recipe's folder,
/// <c>..</c> segments are allowed and normalised away (a recipe in <c>recipes/</c> may name <c>../artifacts/x</c>).
/// </summary>
/// <param name="Text">The path exactly as written in the recipe.</param>
/// <param name="FullPath">The absolute, normalised path (<see cref="Path.GetFullPath(string, string)"/>; links are not resolved).</param>
public sealed record RecipePath(string Text, string FullPath)
{
    /// <summary><see cref="Text"/>, and the full path when they differ.</summary>
    public override string ToString() => Text == FullPath ? Text : $"{Text} ({FullPath})";
}
