namespace QuickFix.Recipes;

/// <summary>One caption pair (<c>edits[]</c>): prompts about <see cref="Key"/> are mapped to what <see cref="Value"/> means.</summary>
/// <param name="Key">The anchor caption c_k, e.g. "Van Gogh"; not blank, unique among the edits (compared as CLIP sees it: case and runs of white space ignored).</param>
/// <param name="Value">The target caption c_v, e.g. "painting"; not blank.</param>
/// <param name="Kind">Optional label: style, object or fact.</param>
public sealed record EditSpec(string Key, string Value, EditKind? Kind);
