namespace QuickFix.Models.Unet;

/// <summary>
/// The settings one UNet resolution level shares between its blocks (diffusers passes them to every block
/// constructor): resnets per level, time-embedding width, GroupNorm groups and epsilon, and the level's
/// cross-attention, or null for a level without.
/// </summary>
internal sealed record UNetLevel(int Layers, long TimeEmbedDim, long Groups, double Eps, UNetLevelAttention? Attention)
{
    /// <summary>A <see cref="Transformer2DModel"/> over <paramref name="channels"/> with this level's attention settings.</summary>
    public Transformer2DModel Transformer(long channels)
    {
        var attention = Attention ?? throw new InvalidOperationException("This UNet level has no cross-attention.");
        return new Transformer2DModel(channels, attention.Heads, attention.Depth, attention.ContextDim, Groups, attention.LinearProjection);
    }
}
