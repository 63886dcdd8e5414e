using System.IO.Hashing;
using System.Text;

namespace QuickFix.Checkpoints.Synthesis;

/// <summary>
/// A counter-based random source: element <c>i</c> of a stream is SplitMix64's <c>i</c>-th output for a state derived
/// from (seed, stream name), i.e. <c>mix(key + (i + 1) * golden_gamma)</c> (Steele, Lea and Flood, "Fast splittable
/// pseudorandom number generators", OOPSLA 2014). Any element can be computed on its own, so the values do not depend
/// on chunking, thread count or the order tensors are written in. Hand-written because <see cref="Random"/> is
/// sequential and its algorithm is not guaranteed across .NET versions.
/// </summary>
internal static class CounterRandom
{
    private const ulong GoldenGamma = 0x9E3779B97F4A7C15;
    private const double SignedUnitScale = 1.0 / (1UL << 52);

    /// <summary>
    /// The key of stream <paramref name="name"/>: XxHash64 of its UTF-8 bytes, seeded with <paramref name="seed"/>
    /// (stable across processes and machines, unlike <see cref="string.GetHashCode()"/>).
    /// </summary>
    public static ulong StreamKey(ulong seed, string name) =>
        XxHash64.HashToUInt64(Encoding.UTF8.GetBytes(name), unchecked((long)seed));

    /// <summary>The 64 random bits of element <paramref name="index"/> of stream <paramref name="key"/>.</summary>
    public static ulong Bits(ulong key, long index) => Mix(State(key, index));

    /// <summary>Element <paramref name="index"/> as a double uniform on [-1, 1) with 53 random bits (exact arithmetic).</summary>
    public static double SignedUnit(ulong key, long index) => SignedUnitOf(Bits(key, index));

    /// <summary>
    /// Fills <paramref name="destination"/> with N(0, <paramref name="std"/>²) samples of stream <paramref name="name"/>:
    /// Box–Muller on two counter draws per value, so value i depends only on (seed, name, i). Latent noise and trace
    /// noise both come from here.
    /// </summary>
    public static void FillNormal(ulong seed, string name, double std, Span<float> destination)
    {
        const double unitScale = 1.0 / (1UL << 53);
        var key = StreamKey(seed, name);
        for (var i = 0; i < destination.Length; i++)
        {
            // u1 in (0, 1] keeps the logarithm finite; u2 in [0, 1).
            var u1 = ((Bits(key, 2L * i) >> 11) + 1) * unitScale;
            var u2 = (Bits(key, (2L * i) + 1) >> 11) * unitScale;
            destination[i] = (float)(std * Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2));
        }
    }

    /// <summary>
    /// Writes elements <c>[firstIndex, firstIndex + destination.Length)</c> of stream <paramref name="key"/>, as
    /// <see cref="SignedUnit"/> values mapped through <paramref name="distribution"/>. The loop form of
    /// <see cref="SignedUnit"/>: it steps the state by the gamma instead of multiplying, with the same results.
    /// </summary>
    public static void Fill(ulong key, long firstIndex, UniformDistribution distribution, Span<double> destination)
    {
        var (mean, halfWidth) = (distribution.Mean, distribution.HalfWidth);
        var state = State(key, firstIndex);
        for (var i = 0; i < destination.Length; i++)
        {
            destination[i] = mean + (halfWidth * SignedUnitOf(Mix(state)));
            state = unchecked(state + GoldenGamma);
        }
    }

    /// <summary>SplitMix64's state before its <paramref name="index"/>-th output.</summary>
    private static ulong State(ulong key, long index) => unchecked(key + (((ulong)index + 1) * GoldenGamma));

    /// <summary>SplitMix64's output function (variant 13 of Stafford's mixers).</summary>
    private static ulong Mix(ulong z)
    {
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EB);
        return z ^ (z >> 31);
    }

    /// <summary>The top 53 bits as a multiple of 2^-52 in [-1, 1); every step is exact in double arithmetic.</summary>
    private static double SignedUnitOf(ulong bits) => ((long)(bits >> 11) * SignedUnitScale) - 1.0;
}
