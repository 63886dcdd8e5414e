namespace QuickFix.Editing;

/// <summary>
/// Solves X·A = B for a symmetric positive definite A (d × d) and many right-hand rows B (m × d): A = L·Lᵀ, then each
/// row x of X solves A·xᵀ = bᵀ by a forward and a back substitution (A is symmetric). This is the DIFF-QUICKFIX
/// solve W* = (λW₀ + M1)(λI + M2)⁻¹ (algorithm.md §1.8 step 3) without forming an inverse. Every value comes from
/// <see cref="FixedOrderMath"/> dot products, correctly rounded division and square root, so the result is identical
/// on every x64 CPU and for any thread count. Hand-written because no BCL type factors matrices and LAPACK's
/// blocking varies by machine.
/// </summary>
internal sealed class CholeskySolver
{
    private readonly double[] lower;
    private readonly double[] upper;

    private CholeskySolver(int width, double[] lower, double[] upper)
    {
        Width = width;
        this.lower = lower;
        this.upper = upper;
    }

    /// <summary>The order d of A.</summary>
    public int Width { get; }

    /// <summary>
    /// Factors <paramref name="matrix"/> (row-major d × d; only the lower triangle is read), or returns null with the
    /// failing pivot when A is not numerically positive definite: a pivot that is not finite or not above
    /// d·ε·max(diag A), the point below which a singular matrix's pivot is only rounding noise.
    /// </summary>
    public static CholeskySolver? TryFactor(ReadOnlySpan<double> matrix, int width, out int failedPivot)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        if (matrix.Length != (long)width * width)
        {
            throw new ArgumentException($"A {width} × {width} matrix needs {(long)width * width} elements.", nameof(matrix));
        }

        var largestDiagonal = 0.0;
        for (var i = 0; i < width; i++)
        {
            largestDiagonal = Math.Max(largestDiagonal, Math.Abs(matrix[(i * width) + i]));
        }

        var threshold = width * Math.ScaleB(1.0, -52) * largestDiagonal;
        var l = new double[matrix.Length];
        for (var i = 0; i < width; i++)
        {
            var rowI = l.AsSpan(i * width, width);
            for (var j = 0; j < i; j++)
            {
                var rowJ = l.AsSpan(j * width, width);
                rowI[j] = (matrix[(i * width) + j] - FixedOrderMath.Dot(rowI, rowJ, j)) / rowJ[j];
            }

            var pivot = matrix[(i * width) + i] - FixedOrderMath.Dot(rowI, rowI, i);
            if (!double.IsFinite(pivot) || pivot <= threshold)
            {
                failedPivot = i;
                return null;
            }

            rowI[i] = Math.Sqrt(pivot);
        }

        var u = new double[l.Length];
        for (var i = 0; i < width; i++)
        {
            for (var j = 0; j <= i; j++)
            {
                u[(j * width) + i] = l[(i * width) + j];
            }
        }

        failedPivot = -1;
        return new CholeskySolver(width, l, u);
    }

    /// <summary>
    /// X with X·A = B, for <paramref name="rows"/> rows of B (row-major, rows × d). Rows are solved sixteen at a time
    /// (each row of L, read once from memory, serves sixteen through four <see cref="FixedOrderMath.Dot4"/> calls),
    /// each row in the same order whatever its neighbours, so neither grouping nor thread count changes a bit.
    /// </summary>
    public double[] SolveRows(ReadOnlySpan<double> rightHandSides, int rows, int maxDegreeOfParallelism)
    {
        const int GroupRows = 16;
        var d = Width;
        if (rightHandSides.Length != (long)rows * d)
        {
            throw new ArgumentException($"{rows} rows of width {d} need {(long)rows * d} elements.", nameof(rightHandSides));
        }

        var solution = rightHandSides.ToArray();
        var groups = (rows + GroupRows - 1) / GroupRows;
        var options = new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism };
        Parallel.For(0, groups, options, g =>
        {
            // A group short of sixteen repeats its last row; the repeats are computed and discarded.
            var first = g * GroupRows;
            var scratch = new double[GroupRows * d];
            for (var m = 0; m < GroupRows; m++)
            {
                solution.AsSpan(Math.Min(first + m, rows - 1) * d, d).CopyTo(scratch.AsSpan(m * d, d));
            }

            SubstituteForward(scratch, GroupRows);
            SubstituteBackward(scratch, GroupRows);
            for (var m = 0; m < GroupRows && first + m < rows; m++)
            {
                scratch.AsSpan(m * d, d).CopyTo(solution.AsSpan((first + m) * d, d));
            }
        });
        return solution;
    }

    /// <summary>L·y = b for the rows held in <paramref name="block"/>: y_i = (b_i − Σ_{k&lt;i} L_ik y_k) / L_ii.</summary>
    private void SubstituteForward(double[] block, int count)
    {
        var d = Width;
        Span<double> dots = stackalloc double[4];
        for (var i = 0; i < d; i++)
        {
            var row = lower.AsSpan(i * d, d);
            var pivot = row[i];
            for (var q = 0; q < count; q += 4)
            {
                FixedOrderMath.Dot4(
                    row, block.AsSpan(q * d, d), block.AsSpan((q + 1) * d, d), block.AsSpan((q + 2) * d, d), block.AsSpan((q + 3) * d, d), i, dots);
                for (var m = 0; m < 4; m++)
                {
                    var at = ((q + m) * d) + i;
                    block[at] = (block[at] - dots[m]) / pivot;
                }
            }
        }
    }

    /// <summary>Lᵀ·x = y for the rows held in <paramref name="block"/>: x_i = (y_i − Σ_{k&gt;i} U_ik x_k) / U_ii, with U = Lᵀ stored row-major.</summary>
    private void SubstituteBackward(double[] block, int count)
    {
        var d = Width;
        Span<double> dots = stackalloc double[4];
        for (var i = d - 1; i >= 0; i--)
        {
            var tail = d - i - 1;
            var row = upper.AsSpan((i * d) + i + 1, tail);
            var pivot = upper[(i * d) + i];
            for (var q = 0; q < count; q += 4)
            {
                FixedOrderMath.Dot4(
                    row,
                    block.AsSpan((q * d) + i + 1, tail),
                    block.AsSpan(((q + 1) * d) + i + 1, tail),
                    block.AsSpan(((q + 2) * d) + i + 1, tail),
                    block.AsSpan(((q + 3) * d) + i + 1, tail),
                    tail,
                    dots);
                for (var m = 0; m < 4; m++)
                {
                    var at = ((q + m) * d) + i;
                    block[at] = (block[at] - dots[m]) / pivot;
                }
            }
        }
    }
}
