namespace QuickFix.Imaging;

/// <summary>An 8-bit sRGB colour.</summary>
/// <param name="R">Red.</param>
/// <param name="G">Green.</param>
/// <param name="B">Blue.</param>
public readonly record struct Rgb(byte R, byte G, byte B)
{
    /// <summary>White.</summary>
    public static Rgb White { get; } = new(255, 255, 255);

    /// <summary>Black.</summary>
    public static Rgb Black { get; } = new(0, 0, 0);

    /// <summary>The colour <paramref name="t"/> of the way from <paramref name="from"/> to <paramref name="to"/> (t clamped to [0, 1], rounded half away from zero).</summary>
    public static Rgb Lerp(Rgb from, Rgb to, double t)
    {
        t = double.IsNaN(t) ? 0 : Math.Clamp(t, 0, 1);
        return new Rgb(Mix(from.R, to.R, t), Mix(from.G, to.G, t), Mix(from.B, to.B, t));
    }

    private static byte Mix(byte a, byte b, double t) => (byte)Math.Round(a + ((b - a) * t), MidpointRounding.AwayFromZero);
}
