using QuickFix.Checkpoints.Synthesis;
using TorchSharp;
using static TorchSharp.torch;

namespace QuickFix.Training;

/// <summary>
/// The random numbers of one training step (noise, timesteps, caption dropout), from the project's counter-based
/// streams keyed by the seed, the step and the draw's name: the same on any machine and thread count, and independent
/// of libtorch's generators (whose native state a long-running process shares).
/// </summary>
internal sealed class StepRandom(ulong seed, string step)
{
    /// <summary>Standard normal values of <paramref name="shape"/>.</summary>
    public Tensor Normal(string draw, long[] shape)
    {
        var values = new float[checked((int)shape.Aggregate(1L, (a, b) => a * b))];
        CounterRandom.FillNormal(seed, $"{step}/{draw}", 1.0, values);
        return OwnedTensor.Of(values, shape);
    }

    /// <summary><paramref name="count"/> values uniform in [0, 1).</summary>
    public double[] Uniform(string draw, int count)
    {
        var key = CounterRandom.StreamKey(seed, $"{step}/{draw}");
        return [.. Enumerable.Range(0, count).Select(i => (CounterRandom.Bits(key, i) >> 11) * (1.0 / (1UL << 53)))];
    }

    /// <summary><paramref name="count"/> integers uniform in [0, <paramref name="high"/>).</summary>
    public long[] Integers(string draw, int count, long high) => [.. Uniform(draw, count).Select(u => Math.Min((long)(u * high), high - 1))];
}
