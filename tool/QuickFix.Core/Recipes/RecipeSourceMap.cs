using System.Collections.Frozen;

namespace QuickFix.Recipes;

/// <summary>Where each value of a recipe was written, keyed by its path (<c>model.path</c>, <c>edits[0].key</c>).</summary>
internal sealed class RecipeSourceMap
{
    private readonly FrozenDictionary<string, SourceLocation> _locations;

    public RecipeSourceMap(IEnumerable<KeyValuePair<string, SourceLocation>> locations)
    {
        _locations = locations.ToFrozenDictionary(StringComparer.Ordinal);
    }

    public static RecipeSourceMap Empty { get; } = new([]);

    /// <summary>The location of <paramref name="path"/>, else of its nearest written ancestor (a defaulted value), else the file start.</summary>
    public SourceLocation Locate(string path)
    {
        for (var current = path; current.Length > 0; current = Parent(current))
        {
            if (_locations.TryGetValue(current, out var location))
            {
                return location;
            }
        }

        return SourceLocation.Start;
    }

    private static string Parent(string path)
    {
        var cut = path.LastIndexOfAny(['.', '[']);
        return cut < 0 ? string.Empty : path[..cut];
    }
}
