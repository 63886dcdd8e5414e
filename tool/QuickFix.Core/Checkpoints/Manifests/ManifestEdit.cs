namespace QuickFix.Checkpoints.Manifests;

/// <summary>One edit of the recipe and how many (key, value) pairs it contributed.</summary>
/// <param name="Key">The caption whose meaning is replaced.</param>
/// <param name="Value">The caption it now means.</param>
/// <param name="Kind">style, object or fact, when the recipe says.</param>
/// <param name="Pairs">(key, value) pairs per text encoder edited, over all templates.</param>
public sealed record ManifestEdit(string Key, string Value, string? Kind, IReadOnlyList<int> Pairs);
