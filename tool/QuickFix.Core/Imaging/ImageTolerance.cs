namespace QuickFix.Imaging;

/// <summary>
/// How far a regenerated image may drift from its snapshot and still match. Default: every channel within
/// <see cref="ChannelTolerance"/> = 2, except at most <see cref="OutlierFraction"/> = 0.1% of the pixels, which may be
/// off by up to <see cref="OutlierLimit"/> = 16.
/// </summary>
/// <remarks>
/// Why these numbers: the pipeline is float32 and another CPU (other SIMD width, other BLAS blocking, other core count)
/// sums in another order. At the fixture's scale that moves the image by about 1e-6 relative (shared reference README,
/// float32 sensitivity), a small fraction of one 8-bit unit, which flips a byte's rounding by ±1 where a value sits near
/// a half; 25 guided steps amplify it further, hence ±2. The sampler is chaotic in places (near-tied attention, values
/// at the clamp edges), so a handful of pixels can move by more: 0.1% of the pixels up to 16 units allows that without
/// hiding a real change. An edit that matters changes large regions by tens of units, far outside either bound.
/// </remarks>
/// <param name="ChannelTolerance">Largest |difference| of a channel that counts as equal (0–255).</param>
/// <param name="OutlierFraction">Fraction of the pixels (0–1) allowed above <paramref name="ChannelTolerance"/>.</param>
/// <param name="OutlierLimit">Largest |difference| any channel may have (0–255, at least <paramref name="ChannelTolerance"/>).</param>
public sealed record ImageTolerance(int ChannelTolerance, double OutlierFraction, int OutlierLimit)
{
    /// <summary>±2 per channel, 0.1% of the pixels up to ±16.</summary>
    public static ImageTolerance Default { get; } = new(2, 0.001, 16);

    /// <summary>Byte-identical pixels.</summary>
    public static ImageTolerance Exact { get; } = new(0, 0, 0);
}
