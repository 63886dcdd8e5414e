namespace QuickFix.Recipes;

/// <summary>A sequence (a YAML list).</summary>
internal sealed class YamlSequenceNode(IReadOnlyList<YamlNode> items, SourceLocation location) : YamlNode(location)
{
    public IReadOnlyList<YamlNode> Items { get; } = items;

    public override string Describe() => "a list";
}
