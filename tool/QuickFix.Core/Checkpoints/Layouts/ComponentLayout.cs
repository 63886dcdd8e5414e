namespace QuickFix.Checkpoints.Layouts;

/// <summary>One component's tensors: the shared ones (diffusers order) and those only one layout has.</summary>
internal sealed record ComponentLayout(
    IReadOnlyList<TensorMapping> Mappings,
    IReadOnlyList<ExtraTensor> FileOnly,
    IReadOnlyList<ExtraTensor> DiffusersOnly)
{
    public static ComponentLayout Of(IReadOnlyList<TensorMapping> mappings) => new(mappings, [], []);
}
