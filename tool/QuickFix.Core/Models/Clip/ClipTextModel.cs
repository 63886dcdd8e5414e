using QuickFix.Checkpoints.Layouts;
using TorchSharp;
using TorchSharp.Modules;
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
    private readonly Linear? text_projection;
#pragma warning restore IDE1006, SA1300

    public ClipTextModel(ClipTextConfig architecture, Device? device = null, IReadOnlyList<int>? tokenRows = null) : base(nameof(ClipTextModel))
    {
        ArgumentNullException.ThrowIfNull(architecture);
        Architecture = architecture;
        text_model = new ClipTextTransformer(architecture, device, tokenRows);
        if (architecture.HasProjection)
        {
            // CLIPTextModelWithProjection (SDXL's second encoder): the pooled output's projection, no bias.
            text_projection = nn.Linear(architecture.HiddenSize, architecture.ProjectionDim, hasBias: false, device: device);
        }

        RegisterComponents();
    }

    /// <summary>The architecture the module was built with.</summary>
    public ClipTextConfig Architecture { get; }

    /// <summary>The transformer blocks, for callers that run part of the encoder (the edit needs only layer 0).</summary>
    public IReadOnlyList<ClipEncoderLayer> Layers => text_model.Layers;

    /// <summary>Token plus position embeddings of <paramref name="inputIds"/> (<c>[B, T]</c> int64) : <c>[B, T, d]</c>.</summary>
    public Tensor Embed(Tensor inputIds) => text_model.Embed(inputIds);

    /// <summary>
    /// transformers' <c>text_embeds</c>: the final-layer-normed last hidden state at each row's EOS position, projected
    /// by <c>text_projection</c> (SDXL conditions its UNet on this of the second encoder).
    /// </summary>
    /// <param name="normedLastHidden"><c>[B, T, d]</c>, after all blocks and the final layer norm.</param>
    /// <param name="endOfText">Per row, the position of the first EOS token.</param>
    /// <exception cref="InvalidOperationException">The encoder has no projection.</exception>
    public Tensor ProjectPooled(Tensor normedLastHidden, IReadOnlyList<long> endOfText)
    {
        ArgumentNullException.ThrowIfNull(normedLastHidden);
        ArgumentNullException.ThrowIfNull(endOfText);
        var projection = text_projection ?? throw new InvalidOperationException("This text encoder has no text_projection.");
        using var rows = torch.arange(endOfText.Count, dtype: ScalarType.Int64);
        using var columns = torch.tensor(endOfText.ToArray());
        using var pooled = normedLastHidden.index([rows, columns]);
        return projection.forward(pooled);
    }

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
