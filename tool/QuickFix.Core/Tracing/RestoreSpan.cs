namespace QuickFix.Tracing;

/// <summary>At which token positions a restored run copies the clean state.</summary>
public enum RestoreSpan
{
    /// <summary>Only at the last subject token: the paper's causal state (algorithm.md §2.1, ROME's convention).</summary>
    LastSubjectToken,

    /// <summary>
    /// At every position: a calibration variant. Restoring the residual stream of any layer this way makes the rest of the
    /// run clean, so its effect is exactly 1.
    /// </summary>
    EveryPosition,
}
