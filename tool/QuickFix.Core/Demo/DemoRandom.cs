using QuickFix.Checkpoints.Synthesis;

namespace QuickFix.Demo;

/// <summary>
/// The random draws of one dataset item: element <c>n</c> is <see cref="CounterRandom"/>'s element <c>n</c> of a key
/// derived from (seed, stream, item index), so an item's draws never depend on other items, threads or call order.
/// A mutable struct on purpose: each renderer or sampler call owns its own copy and steps its counter; nothing is shared.
/// </summary>
internal struct DemoRandom
{
    private readonly ulong key;
    private long counter;

    private DemoRandom(ulong key) => this.key = key;

    /// <summary>The draws of item <paramref name="index"/> of stream <paramref name="stream"/> under <paramref name="seed"/>.</summary>
    public static DemoRandom ForItem(ulong seed, string stream, long index) =>
        new(CounterRandom.Bits(CounterRandom.StreamKey(seed, stream), index));

    /// <summary>A generator keyed directly by <paramref name="key"/> (a key drawn earlier, e.g. a scene's texture key).</summary>
    public static DemoRandom FromKey(ulong key) => new(key);

    /// <summary>The next 64 random bits.</summary>
    public ulong NextBits() => CounterRandom.Bits(key, counter++);

    /// <summary>An integer uniform on [0, <paramref name="count"/>) by multiply-shift of 32 bits (bias below 2⁻³² × count).</summary>
    public int NextInt(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        return (int)(((NextBits() >> 32) * (ulong)count) >> 32);
    }

    /// <summary>A double uniform on [0, 1) with 53 random bits (exact arithmetic, the same on every machine).</summary>
    public double NextUnit() => (NextBits() >> 11) * (1.0 / (1UL << 53));

    /// <summary>A double uniform on [<paramref name="low"/>, <paramref name="high"/>).</summary>
    public double NextRange(double low, double high) => low + ((high - low) * NextUnit());
}
