using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace QuickFix.Models.Unet;

/// <summary>
/// One down level of the UNet: diffusers' <c>CrossAttnDownBlock2D</c> (<c>resnets</c> each followed by one of
/// <c>attentions</c>) or, without attention, <c>DownBlock2D</c>; then <c>downsamplers.0</c> except at the lowest
/// resolution. Every intermediate output is a skip connection for the up path.
/// </summary>
public sealed class DownBlock2D : nn.Module
{
#pragma warning disable IDE1006, SA1300 // field names are the module names, hence the weight keys
    private readonly ModuleList<Transformer2DModel> attentions;
    private readonly ModuleList<ResnetBlock2D> resnets;
    private readonly ModuleList<Downsample2D>? downsamplers;
#pragma warning restore IDE1006, SA1300

    internal DownBlock2D(long inChannels, long outChannels, UNetLevel level, bool addDownsample, long downsamplePadding)
        : base(nameof(DownBlock2D))
    {
        resnets = nn.ModuleList([.. Enumerable.Range(0, level.Layers).Select(j =>
            new ResnetBlock2D(j == 0 ? inChannels : outChannels, outChannels, level.TimeEmbedDim, level.Groups, level.Eps))]);
        attentions = nn.ModuleList([.. Enumerable.Range(0, level.Attention is null ? 0 : level.Layers).Select(_ => level.Transformer(outChannels))]);
        downsamplers = addDownsample ? nn.ModuleList(new Downsample2D(outChannels, downsamplePadding)) : null;
        RegisterComponents();
    }

    /// <summary>Whether the level has cross-attention (<c>CrossAttnDownBlock2D</c>).</summary>
    public bool HasCrossAttention => attentions.Count > 0;

    /// <summary>Runs the level and appends each resnet's (or transformer's) output and the downsampled map to <paramref name="skips"/>.</summary>
    public Tensor Forward(Tensor hidden, Tensor timeEmbedding, Tensor context, ICollection<Tensor> skips)
    {
        ArgumentNullException.ThrowIfNull(skips);
        for (var j = 0; j < resnets.Count; j++)
        {
            hidden = resnets[j].Forward(hidden, timeEmbedding);
            if (HasCrossAttention)
            {
                hidden = attentions[j].Forward(hidden, context);
            }

            skips.Add(hidden);
        }

        if (downsamplers is not null)
        {
            hidden = downsamplers[0].forward(hidden);
            skips.Add(hidden);
        }

        return hidden;
    }
}
