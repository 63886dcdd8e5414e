namespace QuickFix.Recipes;

/// <summary>A scalar: its text and whether it was written plain (only plain scalars resolve to null, booleans and numbers).</summary>
internal sealed class YamlScalarNode(string value, bool isPlain, SourceLocation location) : YamlNode(location)
{
    public string Value { get; } = value;

    public bool IsPlain { get; } = isPlain;

    /// <summary>YAML 1.2 core schema null: an empty plain scalar, <c>~</c> or <c>null</c>.</summary>
    public bool IsNull => IsPlain && Value is "" or "~" or "null" or "Null" or "NULL";

    public override string Describe() => IsNull ? "null" : $"'{Value}'";
}
