using QuickFix.Models.Unet;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace QuickFix.Models.Vae;

/// <summary>
/// diffusers' <c>UpDecoderBlock2D</c> (CompVis decoder <c>up.{levels-1-i}</c>): <c>layers + 1</c> resnets without time
/// embedding, then <c>upsamplers.0</c> (nearest x2, 3x3 conv) except at the last (top) level.
/// </summary>
public sealed class UpDecoderBlock2D : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006, SA1300 // field names are the module names, hence the weight keys
    private readonly ModuleList<ResnetBlock2D> resnets;
    private readonly ModuleList<Upsample2D>? upsamplers;
#pragma warning restore IDE1006, SA1300

    internal UpDecoderBlock2D(long inChannels, long outChannels, int layers, long groups, bool addUpsample)
        : base(nameof(UpDecoderBlock2D))
    {
        resnets = nn.ModuleList([.. Enumerable.Range(0, layers + 1).Select(j =>
            new ResnetBlock2D(j == 0 ? inChannels : outChannels, outChannels, null, groups, AutoencoderKL.NormEps))]);
        upsamplers = addUpsample ? nn.ModuleList(new Upsample2D(outChannels)) : null;
        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        using var scope = torch.NewDisposeScope();
        var hidden = input;
        foreach (var resnet in resnets)
        {
            hidden = resnet.Forward(hidden, null);
        }

        if (upsamplers is not null)
        {
            hidden = upsamplers[0].Forward(hidden);
        }

        return hidden.MoveToOuterDisposeScope();
    }
}
