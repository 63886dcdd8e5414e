namespace QuickFix.Imaging;

/// <summary>One row of a <see cref="BeforeAfterGrid"/>: the same prompt and seed with the base and the edited model.</summary>
/// <param name="Label">Row label drawn on the left (e.g. <c>seed 1</c>).</param>
/// <param name="Before">The base model's image.</param>
/// <param name="After">The edited model's image.</param>
public sealed record BeforeAfterRow(string Label, RgbImage Before, RgbImage After);
