using BenchmarkDotNet.Attributes;
using QuickFix.Editing;

namespace QuickFix.Benchmarks.Editing;

/// <summary>
/// The closed-form solve at d = 768 (W*(λI + M2) = λW₀ + M1 by Cholesky, float64), and the whole edit of one concept
/// from an open checkpoint: load layer 0, collect, accumulate, solve, round to F16.
/// </summary>
[MemoryDiagnoser]
public class SolveBenchmarks
{
    private EditFixture? fixture;
    private double[] m1 = [];
    private double[] m2 = [];
    private int pairs;

    [GlobalSetup]
    public void Setup()
    {
        fixture = new EditFixture(maxEdits: 1);
        var set = fixture.Collect(1);
        pairs = set.Pairs.Count;
        m1 = SufficientStatistics.SumOfOuterProducts(set.Values, fixture.Width, set.Keys, fixture.Width, pairs, Environment.ProcessorCount);
        m2 = SufficientStatistics.GramMatrix(set.Keys, fixture.Width, pairs, Environment.ProcessorCount);
    }

    [GlobalCleanup]
    public void Cleanup() => fixture?.Dispose();

    [Benchmark]
    public int Solve() => DiffQuickFix.Solve(
        fixture!.Weight, m1, m2, fixture.Width, EditFixture.Options.Lambda, pairs, DiffQuickFix.WeightName(0), location: null, Environment.ProcessorCount).Length;

    [Benchmark]
    public int ComputeOneEdit() => DiffQuickFix.Compute(fixture!.Encoder, Data.MassEdits.Create(1), EditFixture.Options).EncodedWeight.Length;
}
