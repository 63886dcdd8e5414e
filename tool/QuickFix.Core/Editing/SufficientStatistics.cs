namespace QuickFix.Editing;

/// <summary>
/// M1 = Σ v kᵀ and M2 = Σ k kᵀ (algorithm.md §1.5), in float64, each element summed over the pairs in pair order,
/// starting from zero, multiply then add. Rows are independent, so they may be spread over threads without changing
/// a bit. Hand-written rather than a torch GEMM, whose blocking (and so rounding) depends on the CPU and thread count.
/// </summary>
internal static class SufficientStatistics
{
    /// <summary>
    /// Σ_p left[p, r]·right[p, c] for every (r, c): a <c>[leftWidth, rightWidth]</c> matrix, row-major, from
    /// <paramref name="pairs"/> rows of <paramref name="left"/> (<c>[pairs, leftWidth]</c>) and <paramref name="right"/>
    /// (<c>[pairs, rightWidth]</c>).
    /// </summary>
    public static double[] SumOfOuterProducts(
        ReadOnlySpan<double> left, int leftWidth, ReadOnlySpan<double> right, int rightWidth, int pairs, int maxDegreeOfParallelism)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(pairs);
        ArgumentOutOfRangeException.ThrowIfLessThan(leftWidth, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(rightWidth, 1);
        if (left.Length != (long)pairs * leftWidth || right.Length != (long)pairs * rightWidth)
        {
            throw new ArgumentException("The key and value buffers do not hold the stated number of pairs.");
        }

        // Column-major copy of the left factor so that each output row reads its coefficients contiguously.
        var leftByColumn = new double[left.Length];
        for (var p = 0; p < pairs; p++)
        {
            for (var r = 0; r < leftWidth; r++)
            {
                leftByColumn[((long)r * pairs) + p] = left[(p * leftWidth) + r];
            }
        }

        var rightCopy = right.ToArray();
        var sums = new double[(long)leftWidth * rightWidth];
        var options = new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism };
        Parallel.For(0, leftWidth, options, r =>
        {
            var row = sums.AsSpan(r * rightWidth, rightWidth);
            var coefficients = leftByColumn.AsSpan(r * pairs, pairs);
            for (var p = 0; p < pairs; p++)
            {
                FixedOrderMath.AddScaled(row, coefficients[p], rightCopy.AsSpan(p * rightWidth, rightWidth));
            }
        });
        return sums;
    }
}
