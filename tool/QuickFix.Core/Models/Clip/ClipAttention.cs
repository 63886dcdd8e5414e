using QuickFix.Checkpoints.Layouts;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace QuickFix.Models.Clip;

/// <summary>
/// transformers' <c>CLIPAttention</c>: separate <c>q_proj</c>, <c>k_proj</c>, <c>v_proj</c>, <c>out_proj</c> (each with
/// a bias), scaled dot-product attention per head with an additive causal mask.
/// </summary>
public sealed class ClipAttention : nn.Module
{
#pragma warning disable IDE1006, SA1300 // field names are the module names, hence the weight keys
    private readonly Linear q_proj;
    private readonly Linear k_proj;
    private readonly Linear v_proj;
    private readonly Linear out_proj;
#pragma warning restore IDE1006, SA1300
    private readonly int heads;

    public ClipAttention(ClipTextConfig architecture, Device? device = null) : base(nameof(ClipAttention))
    {
        ArgumentNullException.ThrowIfNull(architecture);
        var width = architecture.HiddenSize;
        heads = architecture.NumAttentionHeads;
        q_proj = nn.Linear(width, width, device: device);
        k_proj = nn.Linear(width, width, device: device);
        v_proj = nn.Linear(width, width, device: device);
        out_proj = nn.Linear(width, width, device: device);
        RegisterComponents();
    }

    /// <summary>The output projection: the matrix DIFF-QUICKFIX edits in layer 0.</summary>
    public Linear OutProj => out_proj;

    /// <summary>
    /// The concatenated per-head attention output, before <c>out_proj</c>: <c>softmax(QKᵀ/√h + mask)V</c>, <c>[B, T, d]</c>.
    /// </summary>
    public Tensor Context(Tensor normedHidden, Tensor causalMask)
    {
        ArgumentNullException.ThrowIfNull(normedHidden);
        ArgumentNullException.ThrowIfNull(causalMask);
        var (batch, length, width) = (normedHidden.shape[0], normedHidden.shape[1], normedHidden.shape[2]);
        var headDim = width / heads;
        using var scope = torch.NewDisposeScope();
        var q = SplitHeads(q_proj.forward(normedHidden), batch, length, headDim) * Math.Pow(headDim, -0.5);
        var k = SplitHeads(k_proj.forward(normedHidden), batch, length, headDim);
        var v = SplitHeads(v_proj.forward(normedHidden), batch, length, headDim);
        var weights = (q.matmul(k.transpose(-1, -2)) + causalMask).softmax(-1);
        var context = weights.matmul(v).transpose(1, 2).reshape(batch, length, width);
        return context.MoveToOuterDisposeScope();
    }

    /// <summary>Runs the attention; <paramref name="captureContext"/> receives the <c>out_proj</c> input when given.</summary>
    public Tensor Forward(Tensor normedHidden, Tensor causalMask, Action<Tensor>? captureContext = null)
    {
        var context = Context(normedHidden, causalMask);
        captureContext?.Invoke(context);
        return out_proj.forward(context);
    }

    private Tensor SplitHeads(Tensor projected, long batch, long length, long headDim) =>
        projected.view(batch, length, heads, headDim).transpose(1, 2);
}
