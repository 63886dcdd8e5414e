using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace QuickFix.Editing;

/// <summary>
/// Dot products whose summation order is fixed by the code alone, so the edit is bit-identical on every x64 CPU and
/// for any thread count (design.md "Reproducible"): four <see cref="Vector256{T}"/> lanes accumulate chunks of four in
/// order, multiply then add (never fused), the lanes are summed 0+1+2+3, then the tail is added element by element.
/// <see cref="Vector256{T}"/> has the same lane semantics whether the CPU runs it natively or emulated, unlike
/// <c>Vector&lt;T&gt;</c> whose width varies by machine. Hand-written because BLAS (and torch's GEMM) choose their
/// blocking, and so their rounding, by CPU and thread count.
/// </summary>
internal static class FixedOrderMath
{
    /// <summary>Σ a[i]·b[i] over the first <paramref name="length"/> elements, in the fixed order.</summary>
    public static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b, int length)
    {
        if ((uint)length > (uint)a.Length || (uint)length > (uint)b.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(length));
        }

        ref var x = ref MemoryMarshal.GetReference(a);
        ref var y = ref MemoryMarshal.GetReference(b);
        var accumulator = Vector256<double>.Zero;
        var k = 0;
        for (; k + 4 <= length; k += 4)
        {
            accumulator = Vector256.Add(accumulator, Vector256.Multiply(Vector256.LoadUnsafe(ref x, (nuint)k), Vector256.LoadUnsafe(ref y, (nuint)k)));
        }

        var sum = Reduce(accumulator);
        for (; k < length; k++)
        {
            sum += Unsafe.Add(ref x, k) * Unsafe.Add(ref y, k);
        }

        return sum;
    }

    /// <summary>
    /// Four dot products of <paramref name="shared"/> with four vectors at once (one load of <paramref name="shared"/>
    /// serves four), each in exactly the order of <see cref="Dot"/>.
    /// </summary>
    public static void Dot4(
        ReadOnlySpan<double> shared,
        ReadOnlySpan<double> b0,
        ReadOnlySpan<double> b1,
        ReadOnlySpan<double> b2,
        ReadOnlySpan<double> b3,
        int length,
        Span<double> results)
    {
        if ((uint)length > (uint)shared.Length || (uint)length > (uint)b0.Length || (uint)length > (uint)b1.Length
            || (uint)length > (uint)b2.Length || (uint)length > (uint)b3.Length || results.Length < 4)
        {
            throw new ArgumentOutOfRangeException(nameof(length));
        }

        ref var s = ref MemoryMarshal.GetReference(shared);
        ref var y0 = ref MemoryMarshal.GetReference(b0);
        ref var y1 = ref MemoryMarshal.GetReference(b1);
        ref var y2 = ref MemoryMarshal.GetReference(b2);
        ref var y3 = ref MemoryMarshal.GetReference(b3);
        Vector256<double> a0 = Vector256<double>.Zero, a1 = a0, a2 = a0, a3 = a0;
        var k = 0;
        for (; k + 4 <= length; k += 4)
        {
            var v = Vector256.LoadUnsafe(ref s, (nuint)k);
            a0 = Vector256.Add(a0, Vector256.Multiply(v, Vector256.LoadUnsafe(ref y0, (nuint)k)));
            a1 = Vector256.Add(a1, Vector256.Multiply(v, Vector256.LoadUnsafe(ref y1, (nuint)k)));
            a2 = Vector256.Add(a2, Vector256.Multiply(v, Vector256.LoadUnsafe(ref y2, (nuint)k)));
            a3 = Vector256.Add(a3, Vector256.Multiply(v, Vector256.LoadUnsafe(ref y3, (nuint)k)));
        }

        double r0 = Reduce(a0), r1 = Reduce(a1), r2 = Reduce(a2), r3 = Reduce(a3);
        for (; k < length; k++)
        {
            var v = Unsafe.Add(ref s, k);
            r0 += v * Unsafe.Add(ref y0, k);
            r1 += v * Unsafe.Add(ref y1, k);
            r2 += v * Unsafe.Add(ref y2, k);
            r3 += v * Unsafe.Add(ref y3, k);
        }

        results[0] = r0;
        results[1] = r1;
        results[2] = r2;
        results[3] = r3;
    }

    /// <summary>
    /// Row p of the result is W·inputs[p] for <paramref name="rows"/> inputs of width d (row-major), W being d × d: each
    /// element one <see cref="Dot4"/> lane, so neither grouping nor thread count changes a bit. Threads split W's rows,
    /// and each row is applied to every group of four inputs while it sits in the L1 cache: W (d² doubles) is read from
    /// memory once, not once per group.
    /// </summary>
    public static double[] Project(double[] weight, ReadOnlySpan<double> inputs, int rows, int width, ParallelOptions options)
    {
        ArgumentNullException.ThrowIfNull(weight);
        ArgumentNullException.ThrowIfNull(options);
        const int RowsPerTask = 32;
        var outputs = new double[(long)rows * width];
        if (rows == 0)
        {
            return outputs;
        }

        var source = inputs.ToArray();
        var groups = (rows + 3) / 4;
        Parallel.For(0, (width + RowsPerTask - 1) / RowsPerTask, options, task =>
        {
            Span<double> dots = stackalloc double[4];
            for (var r = task * RowsPerTask; r < Math.Min((task + 1) * RowsPerTask, width); r++)
            {
                var row = weight.AsSpan(r * width, width);
                for (var g = 0; g < groups; g++)
                {
                    // A group short of four repeats its last input; the repeat is computed and discarded.
                    int i0 = g * 4, i1 = Math.Min(i0 + 1, rows - 1), i2 = Math.Min(i0 + 2, rows - 1), i3 = Math.Min(i0 + 3, rows - 1);
                    Dot4(
                        row,
                        source.AsSpan(i0 * width, width),
                        source.AsSpan(i1 * width, width),
                        source.AsSpan(i2 * width, width),
                        source.AsSpan(i3 * width, width),
                        width,
                        dots);
                    for (var m = 0; m < 4 && i0 + m < rows; m++)
                    {
                        outputs[((i0 + m) * width) + r] = dots[m];
                    }
                }
            }
        });
        return outputs;
    }

    /// <summary><paramref name="target"/>[i] += <paramref name="scale"/>·<paramref name="source"/>[i], multiply then add, lane by lane.</summary>
    public static void AddScaled(Span<double> target, double scale, ReadOnlySpan<double> source)
    {
        if (source.Length != target.Length)
        {
            throw new ArgumentException("The spans differ in length.", nameof(source));
        }

        ref var t = ref MemoryMarshal.GetReference(target);
        ref var x = ref MemoryMarshal.GetReference(source);
        var factor = Vector256.Create(scale);
        var k = 0;
        for (; k + 4 <= target.Length; k += 4)
        {
            var sum = Vector256.Add(Vector256.LoadUnsafe(ref t, (nuint)k), Vector256.Multiply(factor, Vector256.LoadUnsafe(ref x, (nuint)k)));
            sum.StoreUnsafe(ref t, (nuint)k);
        }

        for (; k < target.Length; k++)
        {
            Unsafe.Add(ref t, k) += scale * Unsafe.Add(ref x, k);
        }
    }

    /// <summary>‖a − b‖₂ / ‖b‖₂, in the fixed order.</summary>
    public static double RelativeDistance(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double difference = 0, reference = 0;
        for (var i = 0; i < b.Length; i++)
        {
            var delta = a[i] - b[i];
            difference += delta * delta;
            reference += b[i] * b[i];
        }

        return Math.Sqrt(difference) / Math.Sqrt(reference);
    }

    private static double Reduce(Vector256<double> lanes) =>
        lanes.GetElement(0) + lanes.GetElement(1) + lanes.GetElement(2) + lanes.GetElement(3);
}
