using BenchmarkDotNet.Attributes;
using QuickFix.Editing;

namespace QuickFix.Benchmarks.Editing;

/// <summary>
/// The two parts of the edit that grow with the number of edits (d = 768): running the prompts through layer 0 in
/// float64 to collect the (key, value) pairs (4 templates per edit, about 73 pairs per prompt pair), and the sums of
/// outer products M1 = Σvkᵀ, M2 = Σkkᵀ over those pairs. The mass-editing curve of tests/bench/run.sh is the
/// end-to-end view of the same growth.
/// </summary>
[MemoryDiagnoser]
public class KeyValueBenchmarks
{
    private EditFixture? fixture;
    private KeyValueSet? set;

    [Params(1, 10)]
    public int Edits { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        fixture = new EditFixture(Edits);
        set = fixture.Collect(Edits);
        Console.WriteLine($"// {Edits} edit(s): {set.Pairs.Count} (key, value) pairs of width {fixture.Width}");
    }

    [GlobalCleanup]
    public void Cleanup() => fixture?.Dispose();

    [Benchmark]
    public int CollectKeysAndValues() => fixture!.Collect(Edits).Pairs.Count;

    [Benchmark]
    public int SumOuterProducts()
    {
        var width = fixture!.Width;
        var pairs = set!.Pairs.Count;
        var m1 = SufficientStatistics.SumOfOuterProducts(set.Values, width, set.Keys, width, pairs, Environment.ProcessorCount);
        var m2 = SufficientStatistics.GramMatrix(set.Keys, width, pairs, Environment.ProcessorCount);
        return m1.Length + m2.Length;
    }
}
