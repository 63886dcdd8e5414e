namespace QuickFix.Sampling;

/// <summary>
/// The numpy expressions diffusers' <c>set_timesteps</c> builds timesteps from, evaluated the same way (float64,
/// round half to even as <c>numpy.round</c>), each returning the timesteps in execution order (descending).
/// </summary>
internal static class InferenceTimesteps
{
    /// <summary>Checks a step count against the training schedule, as diffusers' DDIM does.</summary>
    public static void ThrowIfInvalidCount(int steps, int trainTimesteps)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(steps, trainTimesteps);
    }

    /// <summary><c>(np.arange(0, count) * ratio).round()[::-1] + offset</c> (<c>leading</c> spacing).</summary>
    public static double[] Leading(int count, int ratio, int offset) =>
        [.. Enumerable.Range(0, count).Reverse().Select(i => (double)((i * ratio) + offset))];

    /// <summary>
    /// <c>np.round(np.arange(T, 0, -T / count)) - 1</c> (<c>trailing</c> spacing). numpy sizes the range as
    /// <c>ceil(T / (T / count))</c>, which is <c>count + 1</c> for some counts (61, 103, …) and then ends in −1; the
    /// intent, and this, is exactly <paramref name="count"/> values.
    /// </summary>
    public static double[] Trailing(int trainTimesteps, int count)
    {
        var ratio = (double)trainTimesteps / count;
        return [.. Enumerable.Range(0, count).Select(i => Math.Round(trainTimesteps - (i * ratio)) - 1)];
    }

    /// <summary><c>np.linspace(start, stop, count)</c>: <c>start + i·step</c>, the last value exactly <paramref name="stop"/>; ascending.</summary>
    public static double[] NumpyLinspace(double start, double stop, int count)
    {
        if (count == 1)
        {
            return [start];
        }

        var step = (stop - start) / (count - 1);
        var values = new double[count];
        for (var i = 0; i < count - 1; i++)
        {
            values[i] = start + (i * step);
        }

        values[^1] = stop;
        return values;
    }

    /// <summary><c>np.interp(x, arange(len(values)), values)</c> for <c>x</c> in <c>[0, len − 1]</c>: linear interpolation between neighbours.</summary>
    public static double Interpolate(IReadOnlyList<double> values, double x)
    {
        var low = (int)Math.Floor(x);
        if (low >= values.Count - 1)
        {
            return values[^1];
        }

        var fraction = x - low;
        return fraction == 0.0 ? values[low] : values[low] + ((values[low + 1] - values[low]) * fraction);
    }
}
