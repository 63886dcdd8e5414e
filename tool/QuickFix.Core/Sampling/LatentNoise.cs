using QuickFix.Checkpoints.Synthesis;

namespace QuickFix.Sampling;

/// <summary>
/// The seeded unit Gaussian noise a generation starts from, from the counter-based generator the synthesizer and the
/// causal tracer use (<see cref="CounterRandom"/>, SplitMix64 over a counter): element <c>i</c> of the row-major
/// <c>[channels, height, width]</c> latent of seed <c>s</c> is a Box–Muller transform of elements <c>2i</c> and
/// <c>2i + 1</c> of the stream <c>(s, "sampling.latents")</c>, computed in float64 and rounded once to float32.
/// </summary>
/// <remarks>
/// The same transform as <c>Tracing.GaussianNoise</c> over another stream name, so latents never correlate with trace
/// noise of the same seed. The values depend only on (seed, element index): not on torch's generator, the thread count,
/// the batch an image is generated in, or the machine. They are not torch's <c>randn</c> values, so the same seed gives
/// other images than diffusers does.
/// </remarks>
internal static class LatentNoise
{
    /// <summary>The stream name the seed is combined with.</summary>
    public const string StreamName = "sampling.latents";

    private const double UnitScale = 1.0 / (1UL << 53);

    /// <summary>Fills <paramref name="destination"/> with the first <c>destination.Length</c> values of seed <paramref name="seed"/>.</summary>
    public static void Fill(ulong seed, Span<float> destination)
    {
        var key = CounterRandom.StreamKey(seed, StreamName);
        for (var i = 0; i < destination.Length; i++)
        {
            // u1 in (0, 1] keeps the logarithm finite; u2 in [0, 1).
            var u1 = ((CounterRandom.Bits(key, 2L * i) >> 11) + 1) * UnitScale;
            var u2 = (CounterRandom.Bits(key, (2L * i) + 1) >> 11) * UnitScale;
            destination[i] = (float)(Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2));
        }
    }
}
