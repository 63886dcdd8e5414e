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
    private const double UnitScale = 1.0 / (1UL << 53);

    /// <summary>
    /// The key of stream <paramref name="name"/>: XxHash64 of its UTF-8 bytes, seeded with <paramref name="seed"/>
    /// (stable across processes and machines, unlike <see cref="string.GetHashCode()"/>).
    /// </summary>
    public static ulong StreamKey(ulong seed, string name) =>
        XxHash64.HashToUInt64(Encoding.UTF8.GetBytes(name), unchecked((long)seed));

    /// <summary>The 64 random bits of element <paramref name="index"/> of stream <paramref name="key"/>.</summary>
    public static ulong Bits(ulong key, long index)
    {
        var z = unchecked(key + (((ulong)index + 1) * GoldenGamma));
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EB);
        return z ^ (z >> 31);
    }

    /// <summary>Element <paramref name="index"/> as a double uniform on [-1, 1) with 53 random bits (exact arithmetic).</summary>
    public static double SignedUnit(ulong key, long index) => ((Bits(key, index) >> 11) * UnitScale * 2.0) - 1.0;
}
