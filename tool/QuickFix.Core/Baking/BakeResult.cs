using QuickFix.Checkpoints.Manifests;

namespace QuickFix.Baking;

/// <summary>The outcome of a bake.</summary>
/// <param name="OutputPath">The output folder or file.</param>
/// <param name="ManifestPath">Its manifest.</param>
/// <param name="Manifest">The manifest's content.</param>
/// <param name="Edits">What changed, per text encoder.</param>
/// <param name="Warnings">Things the user should know that did not stop the bake.</param>
public sealed record BakeResult(
    string OutputPath, string ManifestPath, BuildManifest Manifest, IReadOnlyList<EncoderEdit> Edits, IReadOnlyList<string> Warnings);
