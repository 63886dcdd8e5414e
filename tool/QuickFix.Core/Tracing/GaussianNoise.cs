using QuickFix.Checkpoints.Synthesis;

namespace QuickFix.Tracing;

/// <summary>
/// Seeded standard normal values from the counter-based generator the synthesizer uses (<see cref="CounterRandom"/>):
/// value i is a Box–Muller transform of elements 2i and 2i + 1 of the stream, so it depends only on (seed, i) and
/// never on torch's global generator, thread count or batch layout.
/// </summary>
internal static class GaussianNoise
{
    private const double UnitScale = 1.0 / (1UL << 53);

    /// <summary>
    /// <paramref name="count"/> values of <c>N(0, std²)</c>: sample s, subject token t, feature k is value
    /// <c>(s·tokens + t)·width + k</c>.
    /// </summary>
    public static float[] Sample(ulong seed, int count, double std)
    {
        var key = CounterRandom.StreamKey(seed, "trace.noise");
        var values = new float[count];
        for (var i = 0; i < count; i++)
        {
            // u1 in (0, 1] keeps the logarithm finite; u2 in [0, 1).
            var u1 = ((CounterRandom.Bits(key, 2L * i) >> 11) + 1) * UnitScale;
            var u2 = (CounterRandom.Bits(key, (2L * i) + 1) >> 11) * UnitScale;
            values[i] = (float)(std * Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2));
        }

        return values;
    }
}
