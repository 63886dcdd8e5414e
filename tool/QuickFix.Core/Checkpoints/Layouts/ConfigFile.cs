namespace QuickFix.Checkpoints.Layouts;

/// <summary>A JSON config file of a diffusers folder.</summary>
/// <param name="RelativePath">Path relative to the checkpoint root, e.g. <c>unet/config.json</c>.</param>
/// <param name="Json">The file's text (sorted keys, two-space indentation, as diffusers writes it).</param>
public sealed record ConfigFile(string RelativePath, string Json);
