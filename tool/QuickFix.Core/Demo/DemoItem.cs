using QuickFix.Imaging;

namespace QuickFix.Demo;

/// <summary>
/// One item of a demo dataset: its scene (every attribute, hence every classifier label: <c>(int)Scene.Style</c> and so
/// on, <c>-1</c> for no role), its caption and its image.
/// </summary>
/// <param name="Index">The item's index in the dataset.</param>
/// <param name="Scene">What was drawn.</param>
/// <param name="Caption">The caption.</param>
/// <param name="Image">The rendered image.</param>
public sealed record DemoItem(long Index, DemoScene Scene, string Caption, RgbImage Image);
