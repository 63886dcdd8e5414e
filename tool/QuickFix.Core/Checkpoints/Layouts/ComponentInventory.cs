namespace QuickFix.Checkpoints.Layouts;

/// <summary>
/// The tensors diffusers/transformers instantiate for one component, in diffusers naming and state_dict order,
/// enumerated from the architecture config the way the libraries' module trees register them.
/// </summary>
public static class ComponentInventory
{
    /// <summary>A <c>UNet2DConditionModel</c>'s tensors.</summary>
    public static IReadOnlyList<TensorSpec> UNet(UNet2DConditionConfig config, TensorDType floatType) =>
        Specs(UNetLayout.Build(config, DiffusersFiles.UNet, string.Empty), [], floatType, OptionalTensors.None);

    /// <summary>An <c>AutoencoderKL</c>'s tensors.</summary>
    public static IReadOnlyList<TensorSpec> Vae(AutoencoderKLConfig config, TensorDType floatType) =>
        Specs(VaeLayout.Build(config, DiffusersFiles.Vae, string.Empty), [], floatType, OptionalTensors.None);

    /// <summary>
    /// A <c>CLIPTextModel</c>'s tensors, or a <c>CLIPTextModelWithProjection</c>'s (with <c>text_projection.weight</c>)
    /// when the config's architectures say so. <c>position_ids</c> (int64) is included when
    /// <paramref name="optional"/> has <see cref="OptionalTensors.PositionIds"/>.
    /// </summary>
    public static IReadOnlyList<TensorSpec> TextEncoder(ClipTextConfig config, TensorDType floatType, OptionalTensors optional = OptionalTensors.None) =>
        Specs(ClipTextLayout.BuildHuggingFace(config, DiffusersFiles.TextEncoder, string.Empty).Mappings, [], floatType, optional);

    /// <summary>Diffusers-side specs of one file: diffusers-only tensors (position_ids, first in HF order) then the mapped ones.</summary>
    internal static IReadOnlyList<TensorSpec> Specs(IEnumerable<TensorMapping> mappings, IEnumerable<ExtraTensor> diffusersOnly,
        TensorDType floatType, OptionalTensors optional) =>
    [
        .. diffusersOnly.Where(e => Included(e.OptionalGroup, optional))
            .Select(e => new TensorSpec(e.Name, e.Shape, TensorSpec.Resolve(e.Kind, floatType))),
        .. mappings.Where(m => Included(m.OptionalGroup, optional))
            .Select(m => new TensorSpec(m.DiffusersName, m.DiffusersShape, TensorSpec.Resolve(m.Kind, floatType))),
    ];

    internal static bool Included(OptionalTensors group, OptionalTensors requested) =>
        group == OptionalTensors.None || (group & requested) != 0;
}
