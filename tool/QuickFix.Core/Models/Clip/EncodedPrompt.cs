namespace QuickFix.Models.Clip;

/// <summary>One prompt as the UNet receives it.</summary>
/// <param name="Prompt">The text.</param>
/// <param name="InputIds">The 77 ids fed to each encoder used (SDXL's two encoders pad differently).</param>
/// <param name="Conditioning">Row-major <c>[77, Width]</c> float32 conditioning (SDXL: both encoders concatenated on the feature axis).</param>
/// <param name="Width">Feature width of <paramref name="Conditioning"/>.</param>
/// <param name="Pooled">SDXL: the second encoder's projected pooled output (<c>text_embeds</c>); null for SD 1.x and 2.x.</param>
public sealed record EncodedPrompt(string Prompt, IReadOnlyList<IReadOnlyList<long>> InputIds, float[] Conditioning, int Width, float[]? Pooled = null);
