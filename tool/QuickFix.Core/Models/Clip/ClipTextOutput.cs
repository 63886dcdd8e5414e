using static TorchSharp.torch;

namespace QuickFix.Models.Clip;

/// <summary>Outputs of one text-encoder pass. The tensors belong to the caller's dispose scope.</summary>
/// <param name="Conditioning">The last run block's output, final-layer-normed when asked: what the UNet receives.</param>
/// <param name="HiddenStates">Embeddings then the residual stream after each run block, when kept; else empty.</param>
/// <param name="AttentionContext">The kept <c>out_proj</c> input (<c>[B, T, d]</c>), or null.</param>
public sealed record ClipTextOutput(Tensor Conditioning, IReadOnlyList<Tensor> HiddenStates, Tensor? AttentionContext);
