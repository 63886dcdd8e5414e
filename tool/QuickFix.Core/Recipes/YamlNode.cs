namespace QuickFix.Recipes;

/// <summary>A node of a recipe's YAML tree, with where it starts. Aliases are resolved to the anchored node.</summary>
internal abstract class YamlNode(SourceLocation location)
{
    public SourceLocation Location { get; } = location;

    /// <summary>How the node reads in a message: "a mapping", "a list", "the text 'x'".</summary>
    public abstract string Describe();
}
