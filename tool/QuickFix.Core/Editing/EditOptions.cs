namespace QuickFix.Editing;

/// <summary>
/// The DIFF-QUICKFIX settings; the defaults are the official notebook's (algorithm.md §1.6) with bias-free targets
/// (§1.7 Q1).
/// </summary>
public sealed record EditOptions
{
    /// <summary>The notebook's augmentation templates (§1.4): the raw caption and three TIME templates.</summary>
    public static IReadOnlyList<string> DefaultTemplates { get; } =
        Array.AsReadOnly(new[] { "{}", "A photo of {}", "An image of {}", "A picture of {}" });

    /// <summary>The transformer block whose <c>self_attn.out_proj.weight</c> is edited (0, found by causal tracing).</summary>
    public int Layer { get; init; }

    /// <summary>The ridge weight λ of <c>λ‖W − W₀‖² + Σ‖Wk − v‖²</c>; applied once, not scaled by the pair count.</summary>
    public double Lambda { get; init; } = 0.01;

    /// <summary>Also map the EOS and padding positions after the subject (the notebook's <c>use_eos = 1</c>).</summary>
    public bool UseEos { get; init; } = true;

    /// <summary>Caption templates; each must contain <c>{}</c> (see <see cref="PromptTemplate"/>).</summary>
    public IReadOnlyList<string> Templates { get; init; } = DefaultTemplates;

    /// <summary>What keys are mapped to.</summary>
    public TargetMode Targets { get; init; } = TargetMode.BiasFree;

    /// <summary>
    /// Prompts whose layer output must not move (UCE-style preservation): each adds pairs (c, W₀c), used verbatim
    /// (no templates), never with the bias whatever <see cref="Targets"/> says.
    /// </summary>
    public IReadOnlyList<string> Preserve { get; init; } = [];
}
