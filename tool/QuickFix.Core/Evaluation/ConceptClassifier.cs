using QuickFix.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace QuickFix.Evaluation;

/// <summary>
/// The scorer's network: the CLIP image tower's trunk (<see cref="ImageTower"/>: stride-2 3×3 convolutions, each with
/// GroupNorm and SiLU, then a global mean pool) with one linear layer giving every head's logits (<see cref="ConceptLabels"/>).
/// </summary>
internal sealed class ConceptClassifier : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006, SA1300 // field names are the module names, hence the state keys
    private readonly ModuleList<Conv2d> convs;
    private readonly ModuleList<GroupNorm> norms;
    private readonly Linear head;
#pragma warning restore IDE1006, SA1300

    public ConceptClassifier(IReadOnlyList<int> widths) : base(nameof(ConceptClassifier))
    {
        Widths = widths;
        convs = ImageTower.Convolutions(widths);
        norms = ImageTower.Norms(widths);
        head = nn.Linear(widths[^1], ConceptLabels.Total);
        RegisterComponents();
    }

    /// <summary>The convolutions' widths.</summary>
    public IReadOnlyList<int> Widths { get; }

    /// <summary>Logits <c>[B, ConceptLabels.Total]</c> of images <c>[B, 3, S, S]</c> in [−1, 1].</summary>
    public override Tensor forward(Tensor input)
    {
        using var scope = torch.NewDisposeScope();
        return head.forward(ImageTower.PooledFeatures(convs, norms, input)).MoveToOuterDisposeScope();
    }
}
