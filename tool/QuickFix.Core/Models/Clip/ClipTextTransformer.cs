using QuickFix.Checkpoints.Layouts;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace QuickFix.Models.Clip;

/// <summary>transformers' <c>CLIPTextTransformer</c>: <c>embeddings</c>, <c>encoder.layers</c>, <c>final_layer_norm</c>.</summary>
public sealed class ClipTextTransformer : nn.Module
{
#pragma warning disable IDE1006, SA1300 // field names are the module names, hence the weight keys
    private readonly ClipTextEmbeddings embeddings;
    private readonly ClipEncoder encoder;
    private readonly LayerNorm final_layer_norm;
#pragma warning restore IDE1006, SA1300

    public ClipTextTransformer(ClipTextConfig architecture, Device? device = null, IReadOnlyList<int>? tokenRows = null) : base(nameof(ClipTextTransformer))
    {
        ArgumentNullException.ThrowIfNull(architecture);
        embeddings = new ClipTextEmbeddings(architecture, device, tokenRows);
        encoder = new ClipEncoder(architecture, device);
        final_layer_norm = nn.LayerNorm(architecture.HiddenSize, architecture.LayerNormEps, device: device);
        RegisterComponents();
    }

    internal IReadOnlyList<ClipEncoderLayer> Layers => encoder.Layers;

    internal Tensor Embed(Tensor inputIds) => embeddings.forward(inputIds);

    internal Tensor FinalLayerNorm(Tensor hidden) => final_layer_norm.forward(hidden);

    internal ClipTextOutput Run(Tensor inputIds, ClipRunOptions options)
    {
        if (options.LayersToRun < 1 || options.LayersToRun > encoder.Layers.Count)
        {
            throw new ArgumentOutOfRangeException(
                nameof(options), $"LayersToRun must be 1..{encoder.Layers.Count}, was {options.LayersToRun}.");
        }

        var hidden = embeddings.forward(inputIds);
        var states = new List<Tensor>();
        if (options.KeepHiddenStates)
        {
            states.Add(hidden);
        }

        Tensor? context = null;
        using var mask = CausalMask(inputIds.shape[1], hidden.dtype, hidden.device);
        for (var i = 0; i < options.LayersToRun; i++)
        {
            var keepContext = options.KeepAttentionContextOfLayer == i;
            hidden = encoder.Layers[i].Forward(hidden, mask, keepContext ? (c => context = c) : null);
            if (options.KeepHiddenStates)
            {
                states.Add(hidden);
            }
        }

        var conditioning = options.ApplyFinalLayerNorm ? final_layer_norm.forward(hidden) : hidden;
        return new ClipTextOutput(conditioning, states, context);
    }

    /// <summary>The additive causal mask of <c>CLIP.build_attention_mask</c>: −∞ above the diagonal.</summary>
    internal static Tensor CausalMask(long length, ScalarType dtype, Device device) =>
        torch.full([length, length], double.NegativeInfinity, dtype: dtype, device: device).triu(1);
}
