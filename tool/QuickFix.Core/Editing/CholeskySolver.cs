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
    /// X with X·A = B, for <paramref name="rows"/> rows of B (row-major, rows × d). Rows are solved four at a time (one
    /// read of L serves four), each in the same order whatever its neighbours, so the thread count changes nothing.
    /// </summary>
    public double[] SolveRows(ReadOnlySpan<double> rightHandSides, int rows, int maxDegreeOfParallelism)
    {
        var d = Width;
        if (rightHandSides.Length != (long)rows * d)
        {
            throw new ArgumentException($"{rows} rows of width {d} need {(long)rows * d} elements.", nameof(rightHandSides));
        }

        var solution = rightHandSides.ToArray();
        var groups = (rows + 3) / 4;
        var options = new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism };
        Parallel.For(0, groups, options, g =>
        {
            // A group short of four rows repeats its last row; the repeat is computed and discarded.
            var first = g * 4;
            var members = new int[4];
            for (var m = 0; m < 4; m++)
            {
                members[m] = Math.Min(first + m, rows - 1);
            }

            var scratch = new double[4 * d];
            for (var m = 0; m < 4; m++)
            {
                solution.AsSpan(members[m] * d, d).CopyTo(scratch.AsSpan(m * d, d));
            }

            SubstituteForward(scratch);
            SubstituteBackward(scratch);
            for (var m = 0; m < 4 && first + m < rows; m++)
            {
                scratch.AsSpan(m * d, d).CopyTo(solution.AsSpan((first + m) * d, d));
            }
        });
        return solution;
    }

    /// <summary>L·y = b for four rows held in <paramref name="block"/>: y_i = (b_i − Σ_{k&lt;i} L_ik y_k) / L_ii.</summary>
    private void SubstituteForward(double[] block)
    {
        var d = Width;
        Span<double> dots = stackalloc double[4];
        var y0 = block.AsSpan(0, d);
        var y1 = block.AsSpan(d, d);
        var y2 = block.AsSpan(2 * d, d);
        var y3 = block.AsSpan(3 * d, d);
        for (var i = 0; i < d; i++)
        {
            var row = lower.AsSpan(i * d, d);
            FixedOrderMath.Dot4(row, y0, y1, y2, y3, i, dots);
            var pivot = row[i];
            y0[i] = (y0[i] - dots[0]) / pivot;
            y1[i] = (y1[i] - dots[1]) / pivot;
            y2[i] = (y2[i] - dots[2]) / pivot;
            y3[i] = (y3[i] - dots[3]) / pivot;
        }
    }

    /// <summary>Lᵀ·x = y for four rows: x_i = (y_i − Σ_{k&gt;i} U_ik x_k) / U_ii, with U = Lᵀ stored row-major.</summary>
    private void SubstituteBackward(double[] block)
    {
        var d = Width;
        Span<double> dots = stackalloc double[4];
        for (var i = d - 1; i >= 0; i--)
        {
            var tail = d - i - 1;
            var row = upper.AsSpan((i * d) + i + 1, tail);
            FixedOrderMath.Dot4(
                row,
                block.AsSpan(i + 1, tail),
                block.AsSpan(d + i + 1, tail),
                block.AsSpan((2 * d) + i + 1, tail),
                block.AsSpan((3 * d) + i + 1, tail),
                tail,
                dots);
            var pivot = upper[(i * d) + i];
            for (var m = 0; m < 4; m++)
            {
                block[(m * d) + i] = (block[(m * d) + i] - dots[m]) / pivot;
            }
        }
    }
}
