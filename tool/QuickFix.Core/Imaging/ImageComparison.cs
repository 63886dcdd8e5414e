namespace QuickFix.Imaging;

/// <summary>The outcome of comparing a received image with a verified one (<see cref="ImageComparer.Compare(RgbImage, RgbImage, ImageTolerance?)"/>).</summary>
/// <param name="IsEqual">True when the images match within the tolerance (Verify's <c>CompareResult.IsEqual</c>).</param>
/// <param name="Message">Why they differ, or null when they match (Verify's <c>CompareResult.Message</c>).</param>
/// <param name="MaxChannelDifference">The largest |difference| of any channel (0 when the sizes differ).</param>
/// <param name="PixelsAboveTolerance">Pixels with a channel beyond the tolerance's <c>ChannelTolerance</c>.</param>
/// <param name="PixelCount">Pixels compared (0 when the sizes differ).</param>
public sealed record ImageComparison(bool IsEqual, string? Message, int MaxChannelDifference, long PixelsAboveTolerance, long PixelCount);
