using QuickFix.Models.Unet;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace QuickFix.Models.Vae;

/// <summary>
/// diffusers' <c>UNetMidBlock2D</c> as the VAE uses it (CompVis <c>mid.block_1</c>, <c>mid.attn_1</c>, <c>mid.block_2</c>):
/// <c>resnets.0</c>, the single-head spatial <c>attentions.0</c>, <c>resnets.1</c>.
/// </summary>
public sealed class UNetMidBlock2D : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006, SA1300 // field names are the module names, hence the weight keys
    private readonly ModuleList<Attention> attentions;
    private readonly ModuleList<ResnetBlock2D> resnets;
#pragma warning restore IDE1006, SA1300

    internal UNetMidBlock2D(long channels, long groups) : base(nameof(UNetMidBlock2D))
    {
        attentions = nn.ModuleList(Attention.ForVae(channels, groups, AutoencoderKL.NormEps));
        resnets = nn.ModuleList(
            new ResnetBlock2D(channels, channels, null, groups, AutoencoderKL.NormEps),
            new ResnetBlock2D(channels, channels, null, groups, AutoencoderKL.NormEps));
        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        using var first = resnets[0].Forward(input, null);
        using var attended = attentions[0].Forward(first);
        return resnets[1].Forward(attended, null);
    }
}
