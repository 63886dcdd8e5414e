using QuickFix.Checkpoints.Synthesis;

namespace QuickFix.Tracing;

/// <summary>
/// Seeded standard normal values from the counter-based generator the synthesizer uses (<see cref="CounterRandom"/>):
/// value i is a Box–Muller transform of elements 2i and 2i + 1 of the stream, so it depends only on (seed, i) and
/// never on torch's global generator, thread count or batch layout.
/// </summary>
internal static class GaussianNoise
{
    public static float[] Sample(ulong seed, int count, double std)
    {
        var values = new float[count];
        CounterRandom.FillNormal(seed, "trace.noise", std, values);
        return values;
    }
}
