using QuickFix.Checkpoints.Layouts;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace QuickFix.Models.Clip;

/// <summary>transformers' <c>CLIPEncoder</c>: the list <c>layers</c> of pre-LayerNorm transformer blocks.</summary>
public sealed class ClipEncoder : nn.Module
{
#pragma warning disable IDE1006, SA1300 // field names are the module names, hence the weight keys
    private readonly ModuleList<ClipEncoderLayer> layers;
#pragma warning restore IDE1006, SA1300
    private readonly ClipEncoderLayer[] layerArray;

    public ClipEncoder(ClipTextConfig architecture, Device? device = null) : base(nameof(ClipEncoder))
    {
        ArgumentNullException.ThrowIfNull(architecture);
        layerArray = Enumerable.Range(0, architecture.NumHiddenLayers).Select(_ => new ClipEncoderLayer(architecture, device)).ToArray();
        layers = nn.ModuleList(layerArray);
        RegisterComponents();
    }

    internal IReadOnlyList<ClipEncoderLayer> Layers => layerArray;
}
