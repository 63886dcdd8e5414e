namespace QuickFix.Checkpoints;

/// <summary>One weights file of an opened checkpoint.</summary>
/// <param name="Component">The diffusers component it holds (<c>unet</c>, <c>text_encoder</c>, ...), or <c>all</c> for a single file.</param>
/// <param name="RelativePath">Path relative to the checkpoint's root (the file name for a single file).</param>
/// <param name="File">The opened file (header only; tensor bytes are read on demand).</param>
public sealed record CheckpointComponentFile(string Component, string RelativePath, SafetensorsFile File);
