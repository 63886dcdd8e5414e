using QuickFix.Checkpoints.Layouts;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace QuickFix.Models.Vae;

/// <summary>
/// diffusers' VAE <c>Encoder</c> (<c>encoder.</c>): <c>conv_in</c>, <c>down_blocks</c>, <c>mid_block</c>,
/// <c>conv_norm_out</c>, SiLU, <c>conv_out</c> to <c>2 * latent_channels</c> (mean and log-variance).
/// </summary>
public sealed class VaeEncoder : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006, SA1300 // field names are the module names, hence the weight keys
    private readonly Conv2d conv_in;
    private readonly ModuleList<DownEncoderBlock2D> down_blocks;
    private readonly UNetMidBlock2D mid_block;
    private readonly GroupNorm conv_norm_out;
    private readonly Conv2d conv_out;
#pragma warning restore IDE1006, SA1300

    internal VaeEncoder(AutoencoderKLConfig config) : base("Encoder")
    {
        var channels = config.BlockOutChannels;
        var levels = channels.Count;
        conv_in = nn.Conv2d(config.InChannels, channels[0], 3, padding: 1);
        down_blocks = nn.ModuleList([.. Enumerable.Range(0, levels).Select(i => new DownEncoderBlock2D(
            i == 0 ? channels[0] : channels[i - 1], channels[i], config.LayersPerBlock, config.NormNumGroups, addDownsample: i < levels - 1))]);
        mid_block = new UNetMidBlock2D(channels[levels - 1], config.NormNumGroups);
        conv_norm_out = nn.GroupNorm(config.NormNumGroups, channels[levels - 1], AutoencoderKL.NormEps);
        conv_out = nn.Conv2d(channels[levels - 1], 2L * config.LatentChannels, 3, padding: 1);
        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        using var scope = torch.NewDisposeScope();
        var hidden = conv_in.Run(input);
        foreach (var block in down_blocks)
        {
            hidden = block.forward(hidden);
        }

        hidden = mid_block.forward(hidden);
        return conv_out.Run(nn.functional.silu(conv_norm_out.forward(hidden))).MoveToOuterDisposeScope();
    }
}
