namespace QuickFix.Editing;

/// <summary>
/// A run of consecutive (key, value) pairs, as <see cref="KeyValueCollector"/> streams them: the keys, and the value
/// side as the distinct <c>out_proj</c> inputs the chunk's values come from (many pairs share one: every edit with
/// the same target under the same template has the same target prompt), with the row each pair's value uses.
/// </summary>
/// <param name="Pairs">The pairs, in pair order.</param>
/// <param name="Keys">Key rows <c>[pairs, d]</c>.</param>
/// <param name="ValueInputs">Distinct value-side inputs <c>[rows, d]</c>: a pair's value is W₀·input (+ b where <paramref name="Biased"/>).</param>
/// <param name="ValueRowOfPair">For each pair, its row of <paramref name="ValueInputs"/>.</param>
/// <param name="Biased">For each value row, whether its value includes <c>out_proj</c>'s bias (the reference target mode).</param>
/// <param name="ValueRowSources">For each value row, the prompt and position it was read from: equal sources are equal rows in every chunk.</param>
internal sealed record PairChunk(
    IReadOnlyList<EditPair> Pairs, double[] Keys, double[] ValueInputs, int[] ValueRowOfPair, bool[] Biased, IReadOnlyList<(string Prompt, int Position)> ValueRowSources);
