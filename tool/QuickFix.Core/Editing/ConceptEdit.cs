namespace QuickFix.Editing;

/// <summary>
/// One concept edit: prompts that mention <see cref="Key"/> should be encoded as if they mentioned <see cref="Value"/>
/// (the paper's caption pair c_k → c_v, e.g. "Van Gogh" → "painting"; algorithm.md §1.1).
/// </summary>
/// <param name="Key">The anchor caption whose encoding moves.</param>
/// <param name="Value">The target caption it should encode like.</param>
public sealed record ConceptEdit(string Key, string Value);
