namespace QuickFix.Checkpoints.Synthesis;

/// <summary>Values that are computed, not random: schedule buffers, <c>position_ids</c>, <c>logit_scale</c>, EMA counters.</summary>
internal sealed class FixedTensorValues(IReadOnlyList<double> values) : ITensorValues
{
    /// <summary>The number of values.</summary>
    public int Count => values.Count;

    /// <inheritdoc/>
    public void Fill(long firstElement, Span<double> destination)
    {
        for (var i = 0; i < destination.Length; i++)
        {
            destination[i] = values[checked((int)(firstElement + i))];
        }
    }
}
