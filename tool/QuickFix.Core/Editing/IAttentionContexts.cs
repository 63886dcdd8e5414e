namespace QuickFix.Editing;

/// <summary>
/// Where DIFF-QUICKFIX's activations come from: the edited block's attention context (its <c>out_proj</c> input) for
/// a batch of prompts, float64, <c>[context length, d]</c> per prompt.
/// </summary>
internal interface IAttentionContexts : IDisposable
{
    /// <summary>The layer width d.</summary>
    int Width { get; }

    /// <summary>
    /// The contexts of <paramref name="prompts"/> (padded token ids); rows before <paramref name="firstPositions"/>[i]
    /// are not needed by the caller and may be left zero.
    /// </summary>
    double[][] Contexts(IReadOnlyList<int[]> prompts, IReadOnlyList<int> firstPositions, int maxDegreeOfParallelism, CancellationToken cancellationToken);
}
