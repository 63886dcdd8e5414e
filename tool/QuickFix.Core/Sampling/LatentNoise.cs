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

    /// <summary>Fills <paramref name="destination"/> with standard normal values for <paramref name="seed"/>.</summary>
    public static void Fill(ulong seed, Span<float> destination) => CounterRandom.FillNormal(seed, StreamName, 1.0, destination);
}
