using QuickFix.Models.Unet;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace QuickFix.Models.Vae;

/// <summary>
/// diffusers' <c>DownEncoderBlock2D</c> (CompVis encoder <c>down.{i}</c>): <c>resnets</c> without time embedding, then
/// <c>downsamplers.0</c> (pad <c>(0, 1, 0, 1)</c>, stride-2 conv) except at the last level.
/// </summary>
public sealed class DownEncoderBlock2D : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006, SA1300 // field names are the module names, hence the weight keys
    private readonly ModuleList<ResnetBlock2D> resnets;
    private readonly ModuleList<Downsample2D>? downsamplers;
#pragma warning restore IDE1006, SA1300

    internal DownEncoderBlock2D(long inChannels, long outChannels, int layers, long groups, bool addDownsample)
        : base(nameof(DownEncoderBlock2D))
    {
        resnets = nn.ModuleList([.. Enumerable.Range(0, layers).Select(j =>
            new ResnetBlock2D(j == 0 ? inChannels : outChannels, outChannels, null, groups, AutoencoderKL.NormEps))]);
        downsamplers = addDownsample ? nn.ModuleList(new Downsample2D(outChannels, padding: 0)) : null;
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

        if (downsamplers is not null)
        {
            hidden = downsamplers[0].forward(hidden);
        }

        return hidden.MoveToOuterDisposeScope();
    }
}
