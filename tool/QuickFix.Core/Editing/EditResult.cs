using QuickFix.Checkpoints;

namespace QuickFix.Editing;

/// <summary>
/// An edited <c>out_proj</c> weight, ready to be written back: nothing has been written yet.
/// </summary>
/// <param name="ModuleName">The edited tensor under transformers' names: <c>text_model.encoder.layers.{L}.self_attn.out_proj.weight</c>.</param>
/// <param name="Location">Where that tensor lives in the checkpoint (file, the file's own tensor name, row block).</param>
/// <param name="Weight">W* in float64, <c>[out, in]</c> row-major (y = x·Wᵀ + b), before rounding.</param>
/// <param name="EncodedWeight">
/// W* rounded once to the stored dtype (<see cref="TensorInfo.DType"/> of <paramref name="Location"/>), little-endian, laid
/// out as <paramref name="Location"/> stores it (its row block; transposed when the file stores the transpose): a
/// drop-in replacement for those bytes.
/// </param>
/// <param name="Statistics">M1, M2 and the pair counts.</param>
/// <param name="Metrics">Relative change and subject-token errors.</param>
public sealed record EditResult(
    string ModuleName,
    TensorLocation Location,
    ReadOnlyMemory<double> Weight,
    ReadOnlyMemory<byte> EncodedWeight,
    EditStatistics Statistics,
    EditMetrics Metrics);
