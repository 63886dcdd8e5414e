using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace QuickFix.Models.Unet;

/// <summary>diffusers' <c>GEGLU</c> (<c>ff.net.0</c>): <c>hidden, gate = proj(x).chunk(2); hidden * gelu(gate)</c>, exact erf GELU.</summary>
public sealed class Geglu : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006, SA1300 // field names are the module names, hence the weight keys
    private readonly Linear proj;
#pragma warning restore IDE1006, SA1300

    public Geglu(long inFeatures, long outFeatures) : base(nameof(Geglu))
    {
        proj = nn.Linear(inFeatures, outFeatures * 2);
        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        using var scope = torch.NewDisposeScope();
        var halves = proj.forward(input).chunk(2, -1);
        return (halves[0] * nn.functional.gelu(halves[1])).MoveToOuterDisposeScope();
    }
}
