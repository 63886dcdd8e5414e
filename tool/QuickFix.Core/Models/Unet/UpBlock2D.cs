using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace QuickFix.Models.Unet;

/// <summary>
/// One up level of the UNet: diffusers' <c>CrossAttnUpBlock2D</c> or, without attention, <c>UpBlock2D</c>. Each of
/// the <c>layers + 1</c> resnets takes the map concatenated (channels) with the most recent unused skip connection;
/// <c>upsamplers.0</c> follows except at the top resolution.
/// </summary>
public sealed class UpBlock2D : nn.Module
{
#pragma warning disable IDE1006, SA1300 // field names are the module names, hence the weight keys
    private readonly ModuleList<Transformer2DModel> attentions;
    private readonly ModuleList<ResnetBlock2D> resnets;
    private readonly ModuleList<Upsample2D>? upsamplers;
#pragma warning restore IDE1006, SA1300

    /// <param name="previousOutChannels">Channels coming from the level below.</param>
    /// <param name="outChannels">Channels of this level.</param>
    /// <param name="skipFromBelowChannels">Channels of the skip the last resnet concatenates (the next-higher down level's input).</param>
    /// <param name="level">Per-level settings.</param>
    /// <param name="addUpsample">False for the top level.</param>
    internal UpBlock2D(long previousOutChannels, long outChannels, long skipFromBelowChannels, UNetLevel level, bool addUpsample)
        : base(nameof(UpBlock2D))
    {
        var count = level.Layers + 1;
        resnets = nn.ModuleList([.. Enumerable.Range(0, count).Select(j => new ResnetBlock2D(
            (j == 0 ? previousOutChannels : outChannels) + (j == count - 1 ? skipFromBelowChannels : outChannels),
            outChannels, level.TimeEmbedDim, level.Groups, level.Eps))]);
        attentions = nn.ModuleList([.. Enumerable.Range(0, level.Attention is null ? 0 : count).Select(_ => level.Transformer(outChannels))]);
        upsamplers = addUpsample ? nn.ModuleList(new Upsample2D(outChannels)) : null;
        RegisterComponents();
    }

    /// <summary>Whether the level has cross-attention (<c>CrossAttnUpBlock2D</c>).</summary>
    public bool HasCrossAttention => attentions.Count > 0;

    /// <summary>Skip connections the level consumes.</summary>
    public int SkipCount => resnets.Count;

    /// <summary>
    /// Runs the level, taking its skips from the end of <paramref name="skips"/> (removed), and upsampling to the size
    /// of the next skip left there.
    /// </summary>
    public Tensor Forward(Tensor hidden, Tensor timeEmbedding, Tensor context, IList<Tensor> skips)
    {
        ArgumentNullException.ThrowIfNull(skips);
        for (var j = 0; j < resnets.Count; j++)
        {
            var skip = skips[^1];
            skips.RemoveAt(skips.Count - 1);
            using var joined = torch.cat([hidden, skip], 1);
            hidden = resnets[j].Forward(joined, timeEmbedding);
            if (HasCrossAttention)
            {
                hidden = attentions[j].Forward(hidden, context);
            }
        }

        if (upsamplers is not null)
        {
            var target = skips.Count > 0 ? new[] { skips[^1].shape[2], skips[^1].shape[3] } : null;
            hidden = upsamplers[0].Forward(hidden, target);
        }

        return hidden;
    }
}
