using QuickFix.Checkpoints.Layouts;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace QuickFix.Models.Vae;

/// <summary>
/// diffusers' VAE <c>Decoder</c> (<c>decoder.</c>): <c>conv_in</c>, <c>mid_block</c>, <c>up_blocks</c> (channels
/// reversed), <c>conv_norm_out</c>, SiLU, <c>conv_out</c> to image channels.
/// </summary>
public sealed class VaeDecoder : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006, SA1300 // field names are the module names, hence the weight keys
    private readonly Conv2d conv_in;
    private readonly UNetMidBlock2D mid_block;
    private readonly ModuleList<UpDecoderBlock2D> up_blocks;
    private readonly GroupNorm conv_norm_out;
    private readonly Conv2d conv_out;
#pragma warning restore IDE1006, SA1300

    internal VaeDecoder(AutoencoderKLConfig config) : base("Decoder")
    {
        var channels = config.BlockOutChannels;
        var levels = channels.Count;
        conv_in = nn.Conv2d(config.LatentChannels, channels[levels - 1], 3, padding: 1);
        mid_block = new UNetMidBlock2D(channels[levels - 1], config.NormNumGroups);
        up_blocks = nn.ModuleList([.. Enumerable.Range(0, levels).Select(i => new UpDecoderBlock2D(
            channels[Math.Min(levels - i, levels - 1)], channels[levels - 1 - i], config.LayersPerBlock, config.NormNumGroups,
            addUpsample: i < levels - 1))]);
        conv_norm_out = nn.GroupNorm(config.NormNumGroups, channels[0], AutoencoderKL.NormEps);
        conv_out = nn.Conv2d(channels[0], config.OutChannels, 3, padding: 1);
        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        using var scope = torch.NewDisposeScope();
        var hidden = mid_block.forward(conv_in.Run(input));
        foreach (var block in up_blocks)
        {
            hidden = block.forward(hidden);
        }

        return conv_out.Run(nn.functional.silu(conv_norm_out.forward(hidden))).MoveToOuterDisposeScope();
    }
}
