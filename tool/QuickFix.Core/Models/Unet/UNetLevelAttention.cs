namespace QuickFix.Models.Unet;

/// <summary>A UNet level's cross-attention: heads, transformer depth, context width, linear or 1x1-conv projections.</summary>
internal sealed record UNetLevelAttention(long Heads, int Depth, long ContextDim, bool LinearProjection);
