namespace QuickFix.Models.Clip;

/// <summary>What to run and what to keep from a text-encoder forward pass.</summary>
/// <param name="LayersToRun">Blocks to run; fewer than built gives the penultimate-layer semantics of SD 2.x single files.</param>
/// <param name="ApplyFinalLayerNorm">Apply <c>final_layer_norm</c> to the last block's output (SD 1.x, SD 2.x) or not (SDXL's <c>hidden_states[-2]</c>).</param>
/// <param name="KeepHiddenStates">Keep every residual-stream state (transformers' <c>hidden_states</c>: embeddings, then after each block).</param>
/// <param name="KeepAttentionContextOfLayer">Keep the input of this block's <c>self_attn.out_proj</c> (the concatenated heads), or null.</param>
public sealed record ClipRunOptions(
    int LayersToRun,
    bool ApplyFinalLayerNorm = true,
    bool KeepHiddenStates = false,
    int? KeepAttentionContextOfLayer = null);
