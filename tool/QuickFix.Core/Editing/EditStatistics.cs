namespace QuickFix.Editing;

/// <summary>
/// The sufficient statistics of an edit (algorithm.md §1.5), float64, row-major: M1 = Σ v kᵀ (<c>[out, in]</c>) and
/// M2 = Σ k kᵀ (<c>[in, in]</c>) over every pair, preservation pairs included. Edits are linear in them, so they are
/// also what a later batch edit would add to.
/// </summary>
/// <param name="Width">The layer width d (both matrices are d × d).</param>
/// <param name="M1">Σ v kᵀ.</param>
/// <param name="M2">Σ k kᵀ.</param>
/// <param name="TotalPairs">All pairs, preservation included.</param>
/// <param name="PairsPerEdit">Pairs of each edit, in edit order (the notebook prints 291 for "van gogh").</param>
/// <param name="PreservePairs">Pairs contributed by the preserve prompts.</param>
public sealed record EditStatistics(
    int Width, ReadOnlyMemory<double> M1, ReadOnlyMemory<double> M2, int TotalPairs, IReadOnlyList<int> PairsPerEdit, int PreservePairs);
