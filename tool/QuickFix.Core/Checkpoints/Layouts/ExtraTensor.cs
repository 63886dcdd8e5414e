namespace QuickFix.Checkpoints.Layouts;

/// <summary>
/// A tensor present in only one of the two layouts: single-file bookkeeping (schedule buffers, <c>logit_scale</c>,
/// the OpenCLIP block diffusers drops, EMA counters) or diffusers-only buffers (<c>position_ids</c> of a text encoder
/// whose single-file form is OpenCLIP, which has none).
/// </summary>
/// <param name="DiffusersFile">For a diffusers-only tensor, the diffusers file holding it; null for a single-file-only tensor.</param>
/// <param name="Name">The key in its file.</param>
/// <param name="Shape">Its shape.</param>
/// <param name="Kind">Float or integer; floats take the checkpoint's dtype.</param>
/// <param name="OptionalGroup"><see cref="OptionalTensors.None"/> when always present, else the group it belongs to.</param>
/// <param name="Reason">Why the other layout has no counterpart.</param>
public sealed record ExtraTensor(
    string? DiffusersFile,
    string Name,
    TensorShape Shape,
    TensorKind Kind,
    OptionalTensors OptionalGroup,
    string Reason);
