namespace QuickFix.Checkpoints;

/// <summary>One text encoder in a <see cref="CheckpointSummary"/>.</summary>
/// <param name="Index">0, or 1 for SDXL's second encoder.</param>
/// <param name="Name"><c>text_encoder</c> or <c>text_encoder_2</c>.</param>
/// <param name="HiddenSize">Width.</param>
/// <param name="Heads">Attention heads.</param>
/// <param name="StoredLayers">Blocks stored.</param>
/// <param name="LayersRun">Blocks run to condition the UNet.</param>
/// <param name="FinalLayerNorm">Whether the conditioning is final-layer-normed.</param>
/// <param name="Activation">MLP activation.</param>
/// <param name="VocabSize">Token embedding rows.</param>
/// <param name="Padding">How prompts are padded.</param>
/// <param name="TokenizerDirectory">The tokenizer folder, when there is one.</param>
/// <param name="EditedTensor">The file's name for the tensor DIFF-QUICKFIX edits (layer 0 <c>out_proj.weight</c>).</param>
public sealed record TextEncoderSummary(
    int Index,
    string Name,
    int HiddenSize,
    int Heads,
    int StoredLayers,
    int LayersRun,
    bool FinalLayerNorm,
    string Activation,
    int VocabSize,
    string Padding,
    string? TokenizerDirectory,
    string EditedTensor);
