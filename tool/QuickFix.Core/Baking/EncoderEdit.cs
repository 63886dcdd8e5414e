namespace QuickFix.Baking;

/// <summary>What the bake changed in one text encoder.</summary>
/// <param name="Encoder">The encoder index.</param>
/// <param name="File">The output file holding the edited tensor, relative to the output.</param>
/// <param name="Tensor">The edited tensor's name in that file.</param>
/// <param name="RelativeChange">‖W* − W₀‖_F / ‖W₀‖_F.</param>
/// <param name="Pairs">Total (key, value) pairs, over all edits and templates.</param>
/// <param name="PairsPerEdit">Pairs per edit, in recipe order.</param>
public sealed record EncoderEdit(int Encoder, string File, string Tensor, double RelativeChange, int Pairs, IReadOnlyList<int> PairsPerEdit);
