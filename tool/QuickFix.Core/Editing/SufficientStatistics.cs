using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace QuickFix.Editing;

/// <summary>
/// M1 = Σ v kᵀ and M2 = Σ k kᵀ (algorithm.md §1.5), in float64. Every element is summed over the pairs in pair order,
/// starting from zero, multiply then add (never fused), whatever path computes it, so blocks may be spread over threads
/// and pairs fed in chunks without changing a bit. Hand-written rather than a torch GEMM, whose blocking (and so
/// rounding) depends on the CPU and thread count.
/// </summary>
internal static class SufficientStatistics
{
    private const int BlockRows = 4;
    private const int BlockColumns = 8; // two Vector256<double>

    /// <summary>
    /// Σ_p left[p, r]·right[p, c] for every (r, c): a <c>[leftWidth, rightWidth]</c> matrix, row-major, from
    /// <paramref name="pairs"/> rows of <paramref name="left"/> (<c>[pairs, leftWidth]</c>) and <paramref name="right"/>
    /// (<c>[pairs, rightWidth]</c>).
    /// </summary>
    public static double[] SumOfOuterProducts(
        ReadOnlySpan<double> left, int leftWidth, ReadOnlySpan<double> right, int rightWidth, int pairs, int maxDegreeOfParallelism)
    {
        var sums = new double[(long)leftWidth * rightWidth];
        Accumulate(left, leftWidth, right, rightWidth, pairs, sums, upperOnly: false, maxDegreeOfParallelism);
        return sums;
    }

    /// <summary>
    /// Σ_p k[p, r]·k[p, c]: the Gram matrix of <paramref name="rows"/> (<c>[pairs, width]</c>). Only the tiles on or
    /// above the diagonal are summed and the rest mirrored: a product commutes exactly, so element (c, r) would have
    /// been summed to the same bits as (r, c), and the work halves (M2 is the larger half of the edit's arithmetic).
    /// </summary>
    public static double[] GramMatrix(ReadOnlySpan<double> rows, int width, int pairs, int maxDegreeOfParallelism)
    {
        var sums = new double[(long)width * width];
        Accumulate(rows, width, rows, width, pairs, sums, upperOnly: true, maxDegreeOfParallelism);
        MirrorUpper(sums, width);
        return sums;
    }

    /// <summary>Copies the upper triangle of a square row-major matrix onto its lower triangle.</summary>
    public static void MirrorUpper(double[] sums, int width)
    {
        ArgumentNullException.ThrowIfNull(sums);
        for (var r = 0; r < width; r++)
        {
            for (var c = 0; c < r; c++)
            {
                sums[(r * width) + c] = sums[(c * width) + r];
            }
        }
    }

    /// <summary>
    /// Adds Σ_p left[p, r]·right[p, c] to <paramref name="sums"/>, continuing each element's running sum in pair order:
    /// feeding the pairs in several chunks gives the bits of one pass over all of them, so an edit of any size streams
    /// its pairs through a bounded buffer. With <paramref name="upperOnly"/> (a Gram matrix, left = right) only the
    /// elements on or above the diagonal are certain to be summed; <see cref="MirrorUpper"/> completes the matrix.
    /// </summary>
    public static void Accumulate(
        ReadOnlySpan<double> left,
        int leftWidth,
        ReadOnlySpan<double> right,
        int rightWidth,
        int pairs,
        double[] sums,
        bool upperOnly,
        int maxDegreeOfParallelism)
    {
        ArgumentNullException.ThrowIfNull(sums);
        ArgumentOutOfRangeException.ThrowIfNegative(pairs);
        ArgumentOutOfRangeException.ThrowIfLessThan(leftWidth, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(rightWidth, 1);
        if (left.Length != (long)pairs * leftWidth || right.Length != (long)pairs * rightWidth)
        {
            throw new ArgumentException("The key and value buffers do not hold the stated number of pairs.");
        }

        if (sums.Length != (long)leftWidth * rightWidth)
        {
            throw new ArgumentException("The sums do not have the product's shape.", nameof(sums));
        }

        // Column-major copy of the left factor: each output row reads its coefficients contiguously.
        var leftByColumn = new double[left.Length];
        for (var p = 0; p < pairs; p++)
        {
            for (var r = 0; r < leftWidth; r++)
            {
                leftByColumn[((long)r * pairs) + p] = left[(p * leftWidth) + r];
            }
        }

        var rightCopy = right.ToArray();
        var columnBlocks = (rightWidth + BlockColumns - 1) / BlockColumns;
        var options = new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism };
        Parallel.For(0, columnBlocks, options, block =>
        {
            var firstColumn = block * BlockColumns;
            var columns = Math.Min(BlockColumns, rightWidth - firstColumn);

            // The block's columns of every pair, packed: a panel of pairs × 8 that stays in cache for all rows.
            var panel = new double[pairs * BlockColumns];
            for (var p = 0; p < pairs; p++)
            {
                rightCopy.AsSpan((p * rightWidth) + firstColumn, columns).CopyTo(panel.AsSpan(p * BlockColumns, columns));
            }

            // For a symmetric product only rows up to the block's last column are needed (the rest is mirrored).
            var rowsNeeded = upperOnly ? Math.Min(leftWidth, firstColumn + columns) : leftWidth;
            var row = 0;
            if (columns == BlockColumns)
            {
                for (; row + BlockRows <= rowsNeeded; row += BlockRows)
                {
                    AccumulateTile(leftByColumn, pairs, row, panel, sums, rightWidth, firstColumn);
                }
            }

            for (; row < rowsNeeded; row++)
            {
                var coefficients = leftByColumn.AsSpan(row * pairs, pairs);
                for (var j = 0; j < columns; j++)
                {
                    var sum = sums[(row * rightWidth) + firstColumn + j];
                    for (var p = 0; p < pairs; p++)
                    {
                        sum += coefficients[p] * panel[(p * BlockColumns) + j];
                    }

                    sums[(row * rightWidth) + firstColumn + j] = sum;
                }
            }
        });
    }

    /// <summary>
    /// A 4 × 8 tile held in eight vector registers over all pairs, continuing from the stored sums: the same
    /// per-element order as the scalar path. Compiled optimized at once (no tier-0 pass): an edit calls it a few
    /// hundred times, each call a long loop.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AccumulateTile(double[] leftByColumn, int pairs, int row, double[] panel, double[] sums, int rightWidth, int firstColumn)
    {
        ref var l0 = ref MemoryMarshal.GetArrayDataReference(leftByColumn);
        l0 = ref Unsafe.Add(ref l0, row * pairs);
        ref var l1 = ref Unsafe.Add(ref l0, pairs);
        ref var l2 = ref Unsafe.Add(ref l1, pairs);
        ref var l3 = ref Unsafe.Add(ref l2, pairs);
        ref var packed = ref MemoryMarshal.GetArrayDataReference(panel);
        int o0 = (row * rightWidth) + firstColumn, o1 = o0 + rightWidth, o2 = o1 + rightWidth, o3 = o2 + rightWidth;
        Vector256<double> a00 = Load(sums, o0), a01 = Load(sums, o0 + 4), a10 = Load(sums, o1), a11 = Load(sums, o1 + 4);
        Vector256<double> a20 = Load(sums, o2), a21 = Load(sums, o2 + 4), a30 = Load(sums, o3), a31 = Load(sums, o3 + 4);
        for (var p = 0; p < pairs; p++)
        {
            var k0 = Vector256.LoadUnsafe(ref packed, (nuint)(p * BlockColumns));
            var k1 = Vector256.LoadUnsafe(ref packed, (nuint)((p * BlockColumns) + 4));
            var b = Vector256.Create(Unsafe.Add(ref l0, p));
            a00 = Vector256.Add(a00, Vector256.Multiply(b, k0));
            a01 = Vector256.Add(a01, Vector256.Multiply(b, k1));
            b = Vector256.Create(Unsafe.Add(ref l1, p));
            a10 = Vector256.Add(a10, Vector256.Multiply(b, k0));
            a11 = Vector256.Add(a11, Vector256.Multiply(b, k1));
            b = Vector256.Create(Unsafe.Add(ref l2, p));
            a20 = Vector256.Add(a20, Vector256.Multiply(b, k0));
            a21 = Vector256.Add(a21, Vector256.Multiply(b, k1));
            b = Vector256.Create(Unsafe.Add(ref l3, p));
            a30 = Vector256.Add(a30, Vector256.Multiply(b, k0));
            a31 = Vector256.Add(a31, Vector256.Multiply(b, k1));
        }

        Store(a00, a01, sums.AsSpan(o0, BlockColumns));
        Store(a10, a11, sums.AsSpan(o1, BlockColumns));
        Store(a20, a21, sums.AsSpan(o2, BlockColumns));
        Store(a30, a31, sums.AsSpan(o3, BlockColumns));
    }

    private static Vector256<double> Load(double[] sums, int index) => Vector256.Create<double>(sums.AsSpan(index, 4));

    private static void Store(Vector256<double> low, Vector256<double> high, Span<double> destination)
    {
        low.CopyTo(destination);
        high.CopyTo(destination[4..]);
    }
}
