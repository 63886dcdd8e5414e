namespace QuickFix.Recipes;

/// <summary>A scalar: its text and whether it was written plain (only plain scalars resolve to null, booleans and numbers).</summary>
internal sealed class YamlScalarNode(string value, bool isPlain, SourceLocation location) : YamlNode(location)
{
    public string Value { get; } = value;

    public bool IsPlain { get; } = isPlain;

    /// <summary>YAML 1.2 core schema null: an empty plain scalar, <c>~</c> or <c>null</c>.</summary>
    public bool IsNull => IsPlain && Value is "" or "~" or "null" or "Null" or "NULL";

    /// <summary>Quoted scalars are named as such: "expected an integer, found the quoted text '1'" explains itself.</summary>
    public override string Describe() => IsNull ? "null" : IsPlain ? $"'{Value}'" : $"the quoted text '{Value}'";
}
