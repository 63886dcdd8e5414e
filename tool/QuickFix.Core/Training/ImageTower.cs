using QuickFix.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace QuickFix.Training;

/// <summary>
/// CLIP's image tower at demo scale: stride-2 3×3 convolutions (each followed by GroupNorm and SiLU), a global mean
/// pool and a linear projection into the joint embedding space. Only the contrastive stage uses it; the saved model
/// keeps the text tower alone, as Stable Diffusion does.
/// </summary>
internal sealed class ImageTower : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006, SA1300 // field names are the module names, hence the state keys
    private readonly ModuleList<Conv2d> convs;
    private readonly ModuleList<GroupNorm> norms;
    private readonly Linear projection;
#pragma warning restore IDE1006, SA1300

    public ImageTower(IReadOnlyList<int> widths, int embeddingDim) : base(nameof(ImageTower))
    {
        convs = Convolutions(widths);
        norms = Norms(widths);
        projection = nn.Linear(widths[^1], embeddingDim);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = torch.NewDisposeScope();
        return projection.forward(PooledFeatures(convs, norms, input)).MoveToOuterDisposeScope();
    }

    /// <summary>The stride-2 3×3 convolutions of a tower with these widths (RGB in).</summary>
    internal static ModuleList<Conv2d> Convolutions(IReadOnlyList<int> widths) =>
        nn.ModuleList([.. widths.Select((width, i) => nn.Conv2d(i == 0 ? 3 : widths[i - 1], width, 3, stride: 2, padding: 1))]);

    /// <summary>The GroupNorm after each convolution.</summary>
    internal static ModuleList<GroupNorm> Norms(IReadOnlyList<int> widths) => nn.ModuleList([.. widths.Select(width => nn.GroupNorm(Math.Min(8, width), width))]);

    /// <summary>Convolution, GroupNorm and SiLU per level, then the global mean pool: <c>[B, widths[^1]]</c>.</summary>
    internal static Tensor PooledFeatures(ModuleList<Conv2d> convs, ModuleList<GroupNorm> norms, Tensor input)
    {
        var hidden = input;
        for (var i = 0; i < convs.Count; i++)
        {
            hidden = nn.functional.silu(norms[i].forward(convs[i].Run(hidden)));
        }

        return hidden.mean([2, 3]);
    }
}
