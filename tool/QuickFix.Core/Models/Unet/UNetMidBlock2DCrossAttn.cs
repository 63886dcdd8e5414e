using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace QuickFix.Models.Unet;

/// <summary>diffusers' <c>UNetMidBlock2DCrossAttn</c> (CompVis <c>middle_block</c>): <c>resnets.0</c>, <c>attentions.0</c>, <c>resnets.1</c>.</summary>
public sealed class UNetMidBlock2DCrossAttn : nn.Module
{
#pragma warning disable IDE1006, SA1300 // field names are the module names, hence the weight keys
    private readonly ModuleList<Transformer2DModel> attentions;
    private readonly ModuleList<ResnetBlock2D> resnets;
#pragma warning restore IDE1006, SA1300

    internal UNetMidBlock2DCrossAttn(long channels, UNetLevel level) : base(nameof(UNetMidBlock2DCrossAttn))
    {
        attentions = nn.ModuleList(level.Transformer(channels));
        resnets = nn.ModuleList(
            new ResnetBlock2D(channels, channels, level.TimeEmbedDim, level.Groups, level.Eps),
            new ResnetBlock2D(channels, channels, level.TimeEmbedDim, level.Groups, level.Eps));
        RegisterComponents();
    }

    /// <summary>Runs the block on the deepest map.</summary>
    public Tensor Forward(Tensor hidden, Tensor timeEmbedding, Tensor context)
    {
        using var first = resnets[0].Forward(hidden, timeEmbedding);
        using var attended = attentions[0].Forward(first, context);
        return resnets[1].Forward(attended, timeEmbedding);
    }
}
