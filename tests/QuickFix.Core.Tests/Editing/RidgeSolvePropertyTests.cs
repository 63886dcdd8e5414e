using System.Diagnostics;
using System.Runtime.InteropServices;
using QuickFix.Editing;
using QuickFix.Runtime;
using TorchSharp;
using Xunit.Abstractions;

namespace QuickFix.Tests.Editing;

/// <summary>The statistics and the Cholesky solve on seeded random systems, against their defining equations and torch.</summary>
public sealed class RidgeSolvePropertyTests
{
    private readonly ITestOutputHelper output;

    public RidgeSolvePropertyTests(ITestOutputHelper output)
    {
        this.output = output;
        TorchRuntime.EnsureLoaded(); // the torch comparisons need the project's native loader first
    }

    public static TheoryData<int, int, int> Systems() => new()
    {
        { 1, 5, 3 },     // width below one vector, fewer pairs than the width
        { 2, 37, 80 },   // odd width: vector tails and a short last group of rows
        { 3, 64, 200 },
        { 4, 131, 150 },
    };

    [Theory]
    [MemberData(nameof(Systems))]
    public void The_solution_satisfies_the_normal_equations(int seed, int width, int pairs)
    {
        var (w0, m1, m2) = RandomSystem(seed, width, pairs);
        const double lambda = 0.01;

        var w = DiffQuickFix.Solve(w0, m1, m2, width, lambda, pairs, "w", null, 2);

        // W*(λI + M2) − (λW₀ + M1), relative to λW₀ + M1, summed in the plain order.
        double residual = 0, reference = 0;
        for (var r = 0; r < width; r++)
        {
            for (var c = 0; c < width; c++)
            {
                var product = lambda * w[(r * width) + c];
                for (var k = 0; k < width; k++)
                {
                    product += w[(r * width) + k] * m2[(k * width) + c];
                }

                var rhs = (lambda * w0[(r * width) + c]) + m1[(r * width) + c];
                residual += (product - rhs) * (product - rhs);
                reference += rhs * rhs;
            }
        }

        Assert.InRange(Math.Sqrt(residual / reference), 0, 1e-12);
    }

    [Theory]
    [MemberData(nameof(Systems))]
    public void The_solution_equals_torch_linalg_solve_in_float64(int seed, int width, int pairs)
    {
        var (w0, m1, m2) = RandomSystem(seed, width, pairs);
        const double lambda = 0.01;

        var w = DiffQuickFix.Solve(w0, m1, m2, width, lambda, pairs, "w", null, 2);

        using var scope = torch.NewDisposeScope();
        var system = torch.tensor(m2, [width, width]) + (lambda * torch.eye(width, dtype: torch.float64));
        var rhs = (lambda * torch.tensor(w0, [width, width])) + torch.tensor(m1, [width, width]);
        var expected = torch.linalg.solve(system, rhs.t()).t().contiguous().data<double>().ToArray();
        Assert.InRange(DiffQuickFixFixture.RelativeError(w, expected), 0, 1e-10);
    }

    [Theory]
    [MemberData(nameof(Systems))]
    public void Statistics_and_solve_are_bit_identical_for_any_thread_count(int seed, int width, int pairs)
    {
        var random = new Random(seed);
        var keys = Normal(random, pairs * width);
        var values = Normal(random, pairs * width);
        var w0 = Normal(random, width * width);

        var m1 = SufficientStatistics.SumOfOuterProducts(values, width, keys, width, pairs, 1);
        var m2 = SufficientStatistics.SumOfOuterProducts(keys, width, keys, width, pairs, 1);
        Assert.Equal(Bits(m1), Bits(SufficientStatistics.SumOfOuterProducts(values, width, keys, width, pairs, 3)));
        Assert.Equal(Bits(m2), Bits(SufficientStatistics.SumOfOuterProducts(keys, width, keys, width, pairs, 4)));

        // The symmetric path sums half the tiles and mirrors them: the same bits as the general product.
        Assert.Equal(Bits(m2), Bits(SufficientStatistics.GramMatrix(keys, width, pairs, 1)));
        Assert.Equal(Bits(m2), Bits(SufficientStatistics.GramMatrix(keys, width, pairs, 3)));

        var single = DiffQuickFix.Solve(w0, m1, m2, width, 0.01, pairs, "w", null, 1);
        Assert.Equal(Bits(single), Bits(DiffQuickFix.Solve(w0, m1, m2, width, 0.01, pairs, "w", null, 3)));
    }

    [Fact]
    public void The_statistics_are_the_plain_sums_of_outer_products()
    {
        var random = new Random(7);
        const int width = 9, pairs = 11;
        var keys = Normal(random, pairs * width);
        var values = Normal(random, pairs * width);

        var m1 = SufficientStatistics.SumOfOuterProducts(values, width, keys, width, pairs, 2);

        for (var r = 0; r < width; r++)
        {
            for (var c = 0; c < width; c++)
            {
                var sum = 0.0;
                for (var p = 0; p < pairs; p++)
                {
                    sum += values[(p * width) + r] * keys[(p * width) + c];
                }

                Assert.Equal(sum, m1[(r * width) + c]); // same order, same roundings: exactly equal
            }
        }
    }

    [Fact]
    public void A_huge_lambda_leaves_the_weight_where_it_was()
    {
        var (w0, m1, m2) = RandomSystem(5, 48, 100);

        var w = DiffQuickFix.Solve(w0, m1, m2, 48, 1e12, 100, "w", null, 2);

        Assert.InRange(DiffQuickFixFixture.RelativeError(w, w0), 0, 1e-8);
    }

    [Fact]
    public void A_rank_deficient_system_without_ridge_is_refused_by_its_pivots()
    {
        var random = new Random(11);
        const int width = 20, pairs = 8;
        var keys = Normal(random, pairs * width);
        var m2 = SufficientStatistics.SumOfOuterProducts(keys, width, keys, width, pairs, 1);

        Assert.Null(CholeskySolver.TryFactor(m2, width, out var pivot));
        Assert.InRange(pivot, pairs, width - 1); // the first pivot past the rank vanishes
    }

    [Fact]
    public void Lambda_zero_with_fewer_pairs_than_the_width_is_refused_with_QF0603()
    {
        var (w0, m1, m2) = RandomSystem(6, 16, 10);

        var error = Assert.Throws<EditException>(() => DiffQuickFix.Solve(w0, m1, m2, 16, 0, 10, "some.weight", null, 1));

        Assert.Equal(EditError.SingularSystem, error.Reason);
        Assert.Equal("QF0603", error.Code);
        Assert.Contains("some.weight", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Solving_an_SD_sized_system_768_wide()
    {
        const int width = 768, pairs = 600;
        var random = new Random(8);
        var keys = Normal(random, pairs * width);
        var values = Normal(random, pairs * width);
        var w0 = Normal(random, width * width);

        var clock = Stopwatch.StartNew();
        var m1 = SufficientStatistics.SumOfOuterProducts(values, width, keys, width, pairs, 1);
        var m2 = SufficientStatistics.SumOfOuterProducts(keys, width, keys, width, pairs, 1);
        var statistics = clock.Elapsed;
        clock.Restart();
        SufficientStatistics.SumOfOuterProducts(values, width, keys, width, pairs, 1);
        SufficientStatistics.SumOfOuterProducts(keys, width, keys, width, pairs, 1);
        statistics = clock.Elapsed < statistics ? clock.Elapsed : statistics;
        clock.Restart();
        var w = DiffQuickFix.Solve(w0, m1, m2, width, 0.01, pairs, "w", null, 1);
        var solve = clock.Elapsed;
        clock.Restart();
        DiffQuickFix.Solve(w0, m1, m2, width, 0.01, pairs, "w", null, 1);
        solve = clock.Elapsed < solve ? clock.Elapsed : solve; // the better of two: the first run includes JIT warm-up

        // Reported, not asserted (no timing assertions); the comparison keeps the test from being vacuous.
        output.WriteLine(
            $"d = {width}, {pairs} pairs, one thread: M1 + M2 in {statistics.TotalMilliseconds:F0} ms, " +
            $"Cholesky + {width} right-hand rows in {solve.TotalMilliseconds:F0} ms");
        using var scope = torch.NewDisposeScope();
        var system = torch.tensor(m2, [width, width]) + (0.01 * torch.eye(width, dtype: torch.float64));
        var rhs = (0.01 * torch.tensor(w0, [width, width])) + torch.tensor(m1, [width, width]);
        var expected = torch.linalg.solve(system, rhs.t()).t().contiguous().data<double>().ToArray();
        Assert.InRange(DiffQuickFixFixture.RelativeError(w, expected), 0, 1e-10);
    }

    /// <summary>W₀ and M1 Gaussian; M2 = Σ kkᵀ of Gaussian keys (positive semidefinite, rank min(pairs, width)).</summary>
    private static (double[] W0, double[] M1, double[] M2) RandomSystem(int seed, int width, int pairs)
    {
        var random = new Random(seed);
        var keys = Normal(random, pairs * width);
        var values = Normal(random, pairs * width);
        return (
            Normal(random, width * width),
            SufficientStatistics.SumOfOuterProducts(values, width, keys, width, pairs, 2),
            SufficientStatistics.SumOfOuterProducts(keys, width, keys, width, pairs, 2));
    }

    private static double[] Normal(Random random, int count)
    {
        var values = new double[count];
        for (var i = 0; i < count; i++)
        {
            // Box–Muller: the BCL has no Gaussian sampler.
            values[i] = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        }

        return values;
    }

    private static long[] Bits(double[] values) => MemoryMarshal.Cast<double, long>(values).ToArray();
}
