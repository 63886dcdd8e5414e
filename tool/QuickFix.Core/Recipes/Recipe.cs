namespace QuickFix.Recipes;

/// <summary>
/// A validated recipe (<c>edits.yaml</c>, version 1; design.md "Recipe"). Made by <see cref="RecipeLoader"/>; every
/// default is filled in and every path resolved. Two recipes are equal when their content and file are equal,
/// wherever in the file each value was written.
/// </summary>
/// <param name="Version">Always 1.</param>
/// <param name="Model">The base model.</param>
/// <param name="Output">Where the edited checkpoint goes.</param>
/// <param name="Method">The edit's parameters (defaults when absent).</param>
/// <param name="Trace">The trace gate (default <c>require</c>).</param>
/// <param name="Edits">At least one caption pair.</param>
/// <param name="Preserve">Prompts whose encoding must not move; empty when absent.</param>
/// <param name="Images">Regenerated images, or null when absent.</param>
/// <param name="FilePath">The recipe file's full path.</param>
/// <param name="Directory">The folder relative paths were resolved against (the recipe file's folder).</param>
public sealed record Recipe(
    int Version,
    ModelSource Model,
    OutputSpec Output,
    MethodSpec Method,
    TraceSpec Trace,
    ValueList<EditSpec> Edits,
    ValueList<string> Preserve,
    ImagesSpec? Images,
    string FilePath,
    string Directory)
{
    /// <summary>The only recipe version this engine reads.</summary>
    public const int SupportedVersion = 1;

    internal RecipeSourceMap SourceMap { get; init; } = RecipeSourceMap.Empty;

    /// <summary>
    /// Where the value at <paramref name="path"/> (<c>model.path</c>, <c>edits[2].value</c>, <c>images.prompts[0]</c>)
    /// was written; for a defaulted value, where its nearest written parent was; else the file start. Later stages use
    /// it to report their own findings about the recipe at the right place.
    /// </summary>
    public SourceLocation Locate(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return SourceMap.Locate(path);
    }

    /// <summary>Content equality: every member but the source locations.</summary>
    public bool Equals(Recipe? other) =>
        other is not null
        && Version == other.Version
        && Model == other.Model
        && Output == other.Output
        && Method == other.Method
        && Trace == other.Trace
        && Edits.Equals(other.Edits)
        && Preserve.Equals(other.Preserve)
        && Images == other.Images
        && string.Equals(FilePath, other.FilePath, StringComparison.Ordinal)
        && string.Equals(Directory, other.Directory, StringComparison.Ordinal);

    /// <inheritdoc />
    public override int GetHashCode() =>
        HashCode.Combine(HashCode.Combine(Version, Model, Output, Method, Trace), Edits, Preserve, Images, FilePath, Directory);
}
