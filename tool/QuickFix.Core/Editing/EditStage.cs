namespace QuickFix.Editing;

/// <summary>The steps of <see cref="DiffQuickFix.Compute"/>, for progress reports.</summary>
public enum EditStage
{
    /// <summary>Running the prompts through the layers up to the edited one.</summary>
    EncodingPrompts = 0,

    /// <summary>Summing M1 = Σ v kᵀ and M2 = Σ k kᵀ.</summary>
    Accumulating = 1,

    /// <summary>Factoring λI + M2 and solving for W*.</summary>
    Solving = 2,
}
