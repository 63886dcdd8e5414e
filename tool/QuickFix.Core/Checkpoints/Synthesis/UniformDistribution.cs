namespace QuickFix.Checkpoints.Synthesis;

/// <summary>
/// A uniform distribution on <c>[Mean - HalfWidth, Mean + HalfWidth)</c>: what every random synthesized element is drawn
/// from. Uniform rather than normal because it needs one random draw and no transcendental function per element, and
/// the network only needs the right mean and scale.
/// </summary>
/// <param name="Mean">The centre.</param>
/// <param name="HalfWidth">Half the width; the standard deviation is <c>HalfWidth / sqrt(3)</c>.</param>
internal sealed record UniformDistribution(double Mean, double HalfWidth)
{
    /// <summary>The uniform distribution with mean <paramref name="mean"/> and standard deviation <paramref name="standardDeviation"/>.</summary>
    public static UniformDistribution WithStandardDeviation(double mean, double standardDeviation) =>
        new(mean, standardDeviation * Math.Sqrt(3.0));

    /// <summary>The standard deviation.</summary>
    public double StandardDeviation => HalfWidth / Math.Sqrt(3.0);

    /// <summary>The element for a uniform draw <paramref name="signedUnit"/> in [-1, 1).</summary>
    public double At(double signedUnit) => Mean + (HalfWidth * signedUnit);
}
