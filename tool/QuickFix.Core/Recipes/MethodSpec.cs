namespace QuickFix.Recipes;

/// <summary>The edit's parameters (<c>method</c>; algorithm.md §1.6 and §1.8). Every member has a default (<see cref="Default"/>).</summary>
/// <param name="Name">The method; version 1 knows <see cref="EditMethod.DiffQuickFix"/>.</param>
/// <param name="Layer">The text-encoder layer whose self-attention <c>out_proj</c> is edited, 0 or more (checked against the model later).</param>
/// <param name="Lambda">The regulariser λ of <c>W* = (λW₀ + Σvkᵀ)(λI + Σkkᵀ)⁻¹</c>: finite and greater than 0, so that <c>λI + Σkkᵀ</c> is invertible.</param>
/// <param name="UseEos">Also map the EOS and padding positions after the last subject token (algorithm.md §1.3).</param>
/// <param name="Templates">Prompt templates, each containing <c>{}</c> exactly once; every edit is applied through each.</param>
/// <param name="Targets">Bias-free or reference-compatible value vectors (algorithm.md §1.7 Q1).</param>
/// <param name="Encoders">Zero-based indices of the text encoders to edit, or null for all of them (<c>encoders: all</c>).</param>
public sealed record MethodSpec(
    EditMethod Name,
    int Layer,
    double Lambda,
    bool UseEos,
    ValueList<string> Templates,
    EditTargets Targets,
    ValueList<int>? Encoders)
{
    /// <summary>The defaults of design.md: diff-quickfix, layer 0, λ = 0.01, use_eos, the four TIME templates, bias-free, all encoders.</summary>
    public static MethodSpec Default { get; } = new(
        EditMethod.DiffQuickFix,
        Layer: 0,
        Lambda: 0.01,
        UseEos: true,
        Templates: new(["{}", "A photo of {}", "An image of {}", "A picture of {}"]),
        EditTargets.BiasFree,
        Encoders: null);
}
