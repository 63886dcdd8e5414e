using QuickFix.Checkpoints.Layouts;
using TorchSharp;
using static TorchSharp.torch;

namespace QuickFix.Models.Clip;

/// <summary>
/// The CLIP text encoder as transformers' <c>CLIPTextModel</c>: module names equal the weight keys of a diffusers
/// <c>text_encoder/model.safetensors</c> (<c>text_model.encoder.layers.0.self_attn.out_proj.weight</c>), so weights
/// load by name. Pre-LayerNorm blocks, causal mask, no padding mask (Stable Diffusion passes none).
/// </summary>
public sealed class ClipTextModel : nn.Module
{
#pragma warning disable IDE1006, SA1300 // field names are the module names, hence the weight keys
    private readonly ClipTextTransformer text_model;
#pragma warning restore IDE1006, SA1300

    public ClipTextModel(ClipTextConfig architecture, Device? device = null, IReadOnlyList<int>? tokenRows = null) : base(nameof(ClipTextModel))
    {
        ArgumentNullException.ThrowIfNull(architecture);
        Architecture = architecture;
        text_model = new ClipTextTransformer(architecture, device, tokenRows);
        RegisterComponents();
    }

    /// <summary>The architecture the module was built with.</summary>
    public ClipTextConfig Architecture { get; }

    /// <summary>The transformer blocks, for callers that run part of the encoder (the edit needs only layer 0).</summary>
    public IReadOnlyList<ClipEncoderLayer> Layers => text_model.Layers;

    /// <summary>Token plus position embeddings of <paramref name="inputIds"/> (<c>[B, T]</c> int64) : <c>[B, T, d]</c>.</summary>
    public Tensor Embed(Tensor inputIds) => text_model.Embed(inputIds);

    /// <summary>The final layer norm.</summary>
    public Tensor FinalLayerNorm(Tensor hidden) => text_model.FinalLayerNorm(hidden);

    /// <summary>
    /// Runs the encoder on <paramref name="inputIds"/> (<c>[B, T]</c> int64) and returns the requested outputs.
    /// </summary>
    public ClipTextOutput Run(Tensor inputIds, ClipRunOptions options)
    {
        ArgumentNullException.ThrowIfNull(inputIds);
        ArgumentNullException.ThrowIfNull(options);
        return text_model.Run(inputIds, options);
    }
}
