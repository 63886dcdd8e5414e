using QuickFix.Checkpoints.Layouts;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace QuickFix.Models.Clip;

/// <summary>transformers' <c>CLIPEncoderLayer</c>: <c>h = h + self_attn(layer_norm1(h)); h = h + mlp(layer_norm2(h))</c>.</summary>
public sealed class ClipEncoderLayer : nn.Module
{
#pragma warning disable IDE1006, SA1300 // field names are the module names, hence the weight keys
    private readonly ClipAttention self_attn;
    private readonly LayerNorm layer_norm1;
    private readonly ClipMlp mlp;
    private readonly LayerNorm layer_norm2;
#pragma warning restore IDE1006, SA1300

    public ClipEncoderLayer(ClipTextConfig architecture, Device? device = null) : base(nameof(ClipEncoderLayer))
    {
        ArgumentNullException.ThrowIfNull(architecture);
        self_attn = new ClipAttention(architecture, device);
        layer_norm1 = nn.LayerNorm(architecture.HiddenSize, architecture.LayerNormEps, device: device);
        mlp = new ClipMlp(architecture, device);
        layer_norm2 = nn.LayerNorm(architecture.HiddenSize, architecture.LayerNormEps, device: device);
        RegisterComponents();
    }

    /// <summary>The block's self-attention.</summary>
    public ClipAttention SelfAttention => self_attn;

    /// <summary>The LayerNorm in front of the self-attention.</summary>
    public LayerNorm LayerNorm1 => layer_norm1;

    /// <summary>The LayerNorm in front of the MLP.</summary>
    public LayerNorm LayerNorm2 => layer_norm2;

    /// <summary>The block's MLP.</summary>
    public ClipMlp Mlp => mlp;

    /// <summary>Runs the block; <paramref name="captureContext"/> receives the <c>out_proj</c> input when given.</summary>
    public Tensor Forward(Tensor hidden, Tensor causalMask, Action<Tensor>? captureContext = null)
    {
        ArgumentNullException.ThrowIfNull(hidden);
        var attended = hidden + self_attn.Forward(layer_norm1.forward(hidden), causalMask, captureContext);
        return attended + mlp.forward(layer_norm2.forward(attended));
    }
}
