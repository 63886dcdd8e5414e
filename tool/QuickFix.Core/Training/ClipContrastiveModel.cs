using QuickFix.Models.Clip;
using QuickFix.Text;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace QuickFix.Training;

/// <summary>
/// CLIP as it was trained (Radford et al. 2021), at demo scale: the text tower's final-layer-normed state at the end
/// token, projected; the image tower's embedding; both L2-normalised; logits scaled by a learned temperature
/// <c>exp(logit_scale)</c> (capped at 100) and a symmetric cross-entropy over the batch (InfoNCE).
/// </summary>
internal sealed class ClipContrastiveModel : nn.Module
{
    /// <summary>CLIP's cap on the logit scale.</summary>
    private const double MaxLogitScale = 100.0;

#pragma warning disable IDE1006, SA1300 // field names are the module names, hence the state keys
    private readonly ClipTextModel text_encoder;
    private readonly Linear text_projection;
    private readonly ImageTower image_tower;
    private readonly Parameter logit_scale;
#pragma warning restore IDE1006, SA1300

    public ClipContrastiveModel(DemoModelConfig config) : base(nameof(ClipContrastiveModel))
    {
        var width = config.TextEncoder.HiddenSize;
        text_encoder = new ClipTextModel(config.TextEncoder);
        text_projection = nn.Linear(width, width, hasBias: false);
        image_tower = new ImageTower(config.ImageTowerWidths, width);
        logit_scale = new Parameter(torch.zeros(1));
        RegisterComponents();
    }

    /// <summary>The text tower (what the saved model keeps).</summary>
    public ClipTextModel TextEncoder => text_encoder;

    /// <summary>The InfoNCE loss of a batch: image <c>i</c> belongs with caption <c>i</c>.</summary>
    public Tensor Loss(Tensor images, IReadOnlyList<string> captions, ClipTokenizer tokenizer)
    {
        using var scope = torch.NewDisposeScope();
        var padded = captions.Select(tokenizer.EncodePadded).ToArray();
        var ends = padded.Select(ids => (long)Array.IndexOf(ids, tokenizer.EndOfTextId)).ToArray();

        // The tower is causal: positions after the last end token cannot change the pooled states, so they are not run.
        var length = (int)ends.Max() + 1;
        var ids = OwnedTensor.Of(padded.SelectMany(row => row.Take(length).Select(id => (long)id)).ToArray(), [captions.Count, length]);
        var hidden = text_encoder.Run(ids, new ClipRunOptions(text_encoder.Layers.Count)).Conditioning;
        var pooled = hidden.index([torch.arange(captions.Count, dtype: ScalarType.Int64), OwnedTensor.Of(ends, [ends.Length])]);
        var text = nn.functional.normalize(text_projection.forward(pooled), dim: 1);
        var image = nn.functional.normalize(image_tower.forward(images), dim: 1);
        var logits = logit_scale.exp().clamp_max(MaxLogitScale) * image.matmul(text.t());
        var labels = torch.arange(captions.Count, dtype: ScalarType.Int64);
        var loss = (nn.functional.cross_entropy(logits, labels) + nn.functional.cross_entropy(logits.t(), labels)) / 2.0;
        return loss.MoveToOuterDisposeScope();
    }
}
