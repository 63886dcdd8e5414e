namespace QuickFix.Models.Clip;

/// <summary>The hyper-parameters a CLIP text tower is built from (transformers' <c>CLIPTextConfig</c> fields).</summary>
/// <param name="HiddenSize">Model width d.</param>
/// <param name="IntermediateSize">MLP width (4 d in the released towers).</param>
/// <param name="NumAttentionHeads">Heads; every released tower has head dim 64.</param>
/// <param name="NumHiddenLayers">Blocks to build.</param>
/// <param name="HiddenAct"><c>quick_gelu</c> (OpenAI CLIP) or <c>gelu</c> (OpenCLIP).</param>
/// <param name="LayerNormEps">LayerNorm epsilon.</param>
/// <param name="MaxPositionEmbeddings">Context length (77).</param>
/// <param name="VocabSize">Token embedding rows.</param>
/// <param name="ProjectionDim">Width of <c>text_projection</c> for towers that have one (SDXL's second encoder), else null.</param>
public sealed record ClipTextArchitecture(
    int HiddenSize,
    int IntermediateSize,
    int NumAttentionHeads,
    int NumHiddenLayers,
    string HiddenAct,
    double LayerNormEps,
    int MaxPositionEmbeddings,
    int VocabSize,
    int? ProjectionDim = null)
{
    /// <summary>Width of one attention head.</summary>
    public int HeadDim => HiddenSize / NumAttentionHeads;
}
