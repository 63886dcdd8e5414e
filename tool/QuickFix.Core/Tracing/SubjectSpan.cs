namespace QuickFix.Tracing;

/// <summary>
/// Where the subject's tokens lie in the prompt's encoded ids (<c>[BOS] … [EOS]</c>, so position 0 is BOS).
/// </summary>
/// <param name="First">Position of the first subject token.</param>
/// <param name="Last">Position of the last subject token (inclusive): the state the trace restores.</param>
/// <param name="Ids">The subject's token ids.</param>
/// <param name="Tokens">The subject's BPE tokens in byte-level form (e.g. <c>van&lt;/w&gt;</c>).</param>
public sealed record SubjectSpan(int First, int Last, IReadOnlyList<int> Ids, IReadOnlyList<string> Tokens)
{
    /// <summary>Number of subject tokens.</summary>
    public int Length => Last - First + 1;
}
