namespace QuickFix.Checkpoints.Manifests;

/// <summary>The recipe a build came from.</summary>
/// <param name="Path">Full path of the recipe file.</param>
/// <param name="Sha256">SHA-256 of its bytes.</param>
public sealed record ManifestRecipe(string Path, string Sha256);
