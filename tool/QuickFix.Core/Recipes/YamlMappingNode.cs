namespace QuickFix.Recipes;

/// <summary>A mapping with scalar keys, in document order; keys are unique (the tree reader rejects duplicates).</summary>
internal sealed class YamlMappingNode(IReadOnlyList<KeyValuePair<YamlScalarNode, YamlNode>> entries, SourceLocation location)
    : YamlNode(location)
{
    public IReadOnlyList<KeyValuePair<YamlScalarNode, YamlNode>> Entries { get; } = entries;

    public override string Describe() => "a mapping";

    /// <summary>The entry named <paramref name="key"/>, or null.</summary>
    public KeyValuePair<YamlScalarNode, YamlNode>? Find(string key)
    {
        foreach (var entry in Entries)
        {
            if (string.Equals(entry.Key.Value, key, StringComparison.Ordinal))
            {
                return entry;
            }
        }

        return null;
    }
}
