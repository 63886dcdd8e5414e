using System.Globalization;

namespace QuickFix.Imaging;

/// <summary>
/// Tolerant comparison of a received image with its verified snapshot, and the diff picture that shows where they
/// differ. Shaped as a Verify stream comparer (<c>VerifierSettings.RegisterStreamComparer("png", ...)</c> takes
/// received and verified bytes and returns <c>IsEqual</c> + <c>Message</c>), so moving to Verify is a registration.
/// </summary>
public static class ImageComparer
{
    /// <summary>Grey level of the verified image in the diff where the pixels match (faded toward white).</summary>
    private const double MatchContrast = 0.3;

    /// <summary>Diff colour of a pixel beyond the channel tolerance but within the outlier limit.</summary>
    public static Rgb ToleratedColor { get; } = new(255, 160, 0);

    /// <summary>Diff colour of a pixel beyond the outlier limit.</summary>
    public static Rgb DifferentColor { get; } = new(255, 0, 0);

    /// <summary>
    /// Compares <paramref name="received"/> with <paramref name="verified"/>: equal when the sizes agree, no channel differs by
    /// more than <c>OutlierLimit</c>, and at most <c>floor(OutlierFraction · pixels)</c> pixels have a channel that differs by
    /// more than <c>ChannelTolerance</c>.
    /// </summary>
    public static ImageComparison Compare(RgbImage received, RgbImage verified, ImageTolerance? tolerance = null)
    {
        ArgumentNullException.ThrowIfNull(received);
        ArgumentNullException.ThrowIfNull(verified);
        tolerance ??= ImageTolerance.Default;
        if (received.Width != verified.Width || received.Height != verified.Height)
        {
            return new ImageComparison(
                false, Invariant($"the size differs: received {received.Width}x{received.Height}, verified {verified.Width}x{verified.Height}"), 0, 0, 0);
        }

        var a = received.Pixels;
        var b = verified.Pixels;
        var maxDifference = 0;
        long above = 0;
        for (var i = 0; i < a.Length; i += 3)
        {
            var difference = Math.Max(Math.Abs(a[i] - b[i]), Math.Max(Math.Abs(a[i + 1] - b[i + 1]), Math.Abs(a[i + 2] - b[i + 2])));
            maxDifference = Math.Max(maxDifference, difference);
            if (difference > tolerance.ChannelTolerance)
            {
                above++;
            }
        }

        var pixels = (long)received.Width * received.Height;
        var allowed = (long)Math.Floor(tolerance.OutlierFraction * pixels);
        var equal = maxDifference <= tolerance.OutlierLimit && above <= allowed;
        var message = equal ? null : Invariant(
            $"{above} of {pixels} pixels differ by more than {tolerance.ChannelTolerance} ({allowed} allowed), the largest difference is {maxDifference} ({tolerance.OutlierLimit} allowed)");
        return new ImageComparison(equal, message, maxDifference, above, pixels);
    }

    /// <summary>Compares two PNG files' contents (Verify's stream-comparer shape: received first, then verified).</summary>
    /// <exception cref="ImageFormatException">Either is not a decodable image.</exception>
    public static ImageComparison Compare(byte[] receivedPng, byte[] verifiedPng, ImageTolerance? tolerance = null) =>
        Compare(PngReader.Decode(receivedPng), PngReader.Decode(verifiedPng), tolerance);

    /// <summary>
    /// The diff picture of two images of the same size: the verified image faded to light grey where the pixels match,
    /// <see cref="ToleratedColor"/> where a channel is beyond the channel tolerance but within the outlier limit, and
    /// <see cref="DifferentColor"/> beyond the limit.
    /// </summary>
    /// <exception cref="ArgumentException">The sizes differ.</exception>
    public static RgbImage RenderDiff(RgbImage received, RgbImage verified, ImageTolerance? tolerance = null)
    {
        ArgumentNullException.ThrowIfNull(received);
        ArgumentNullException.ThrowIfNull(verified);
        tolerance ??= ImageTolerance.Default;
        if (received.Width != verified.Width || received.Height != verified.Height)
        {
            throw new ArgumentException("The images must have the same size to be diffed.", nameof(received));
        }

        var diff = new RgbImage(verified.Width, verified.Height, Rgb.White);
        for (var y = 0; y < verified.Height; y++)
        {
            for (var x = 0; x < verified.Width; x++)
            {
                var (r, v) = (received[x, y], verified[x, y]);
                var difference = Math.Max(Math.Abs(r.R - v.R), Math.Max(Math.Abs(r.G - v.G), Math.Abs(r.B - v.B)));
                diff[x, y] = difference > tolerance.OutlierLimit ? DifferentColor
                    : difference > tolerance.ChannelTolerance ? ToleratedColor
                    : Faded(v);
            }
        }

        return diff;
    }

    /// <summary>Rec. 601 luma of <paramref name="color"/>, pulled toward white so the marked pixels stand out.</summary>
    private static Rgb Faded(Rgb color)
    {
        var luma = (0.299 * color.R) + (0.587 * color.G) + (0.114 * color.B);
        var grey = (byte)Math.Round(255 - ((255 - luma) * MatchContrast), MidpointRounding.AwayFromZero);
        return new Rgb(grey, grey, grey);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
