namespace QuickFix.Tracing;

/// <summary>
/// How a causal trace corrupts and restores (algorithm.md §2.2 gives the precedents). The corrupted run adds
/// <c>N(0, (NoiseMultiplier·σ)²)</c> to the embedding output (token + position) at every subject token.
/// </summary>
public sealed record TraceSettings
{
    /// <summary>The defaults: 10 samples, ν = 3, seed 1, σ estimated, restore at the last subject token, verdict for layer 0.</summary>
    public static TraceSettings Default { get; } = new();

    /// <summary>Noise samples S, run as one batch (default 10).</summary>
    public int Samples { get; init; } = 10;

    /// <summary>ν: the noise's standard deviation in units of σ (default 3, ROME's and EMCID's <c>factor = 3.0</c>); 0 leaves every effect undefined.</summary>
    public double NoiseMultiplier { get; init; } = 3.0;

    /// <summary>
    /// σ, the scale of the embedding outputs; null (the default) estimates it from the model over
    /// <see cref="EmbeddingScale.ReferenceSubjects"/>.
    /// </summary>
    public double? Sigma { get; init; }

    /// <summary>The noise generator's seed (default 1, as EMCID's <c>RandomState(1)</c>); the same seed gives the same noise on any machine.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Where restored runs copy the clean state (default: the last subject token).</summary>
    public RestoreSpan Restore { get; init; } = RestoreSpan.LastSubjectToken;

    /// <summary>The layer the edit changes, for the report's verdict (default 0, DIFF-QUICKFIX's layer).</summary>
    public int VerdictLayer { get; init; }

    /// <summary>The rule that turns the effects into a verdict.</summary>
    public TraceVerdictRule VerdictRule { get; init; } = TraceVerdictRule.Default;
}
