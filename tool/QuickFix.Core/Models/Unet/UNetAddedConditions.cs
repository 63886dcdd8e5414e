using static TorchSharp.torch;

namespace QuickFix.Models.Unet;

/// <summary>
/// SDXL's additional conditioning (<c>added_cond_kwargs</c> for <c>addition_embed_type</c> <c>text_time</c>): the
/// pooled, projected text embedding of the second encoder and the six size/crop numbers per sample.
/// </summary>
/// <param name="TextEmbeds"><c>text_embeds</c>, <c>[B, projection_dim]</c>.</param>
/// <param name="TimeIds"><c>time_ids</c>, <c>[B, 6]</c>: original height, width, crop top, left, target height, width.</param>
public sealed record UNetAddedConditions(Tensor TextEmbeds, Tensor TimeIds);
