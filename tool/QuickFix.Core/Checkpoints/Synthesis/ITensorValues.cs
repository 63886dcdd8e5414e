namespace QuickFix.Checkpoints.Synthesis;

/// <summary>The values of one synthesized tensor, computable for any range of its (row-major) elements independently.</summary>
internal interface ITensorValues
{
    /// <summary>Writes elements <c>[firstElement, firstElement + destination.Length)</c> into <paramref name="destination"/>. Thread-safe.</summary>
    void Fill(long firstElement, Span<double> destination);
}
