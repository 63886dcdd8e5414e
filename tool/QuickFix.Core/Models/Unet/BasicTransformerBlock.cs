using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace QuickFix.Models.Unet;

/// <summary>
/// diffusers' <c>BasicTransformerBlock</c> (CompVis <c>BasicTransformerBlock</c>), pre-LayerNorm:
/// <c>h += attn1(norm1(h)); h += attn2(norm2(h), context); h += ff(norm3(h))</c>.
/// </summary>
public sealed class BasicTransformerBlock : nn.Module
{
#pragma warning disable IDE1006, SA1300 // field names are the module names, hence the weight keys
    private readonly LayerNorm norm1;
    private readonly Attention attn1;
    private readonly LayerNorm norm2;
    private readonly Attention attn2;
    private readonly LayerNorm norm3;
    private readonly FeedForward ff;
#pragma warning restore IDE1006, SA1300

    public BasicTransformerBlock(long channels, long heads, long contextDim) : base(nameof(BasicTransformerBlock))
    {
        norm1 = nn.LayerNorm(channels, 1e-5);
        attn1 = Attention.ForTransformer(channels, null, heads);
        norm2 = nn.LayerNorm(channels, 1e-5);
        attn2 = Attention.ForTransformer(channels, contextDim, heads);
        norm3 = nn.LayerNorm(channels, 1e-5);
        ff = new FeedForward(channels);
        RegisterComponents();
    }

    /// <summary>Runs the block on tokens <c>[B, L, C]</c> with the text context <c>[B, T, contextDim]</c>.</summary>
    public Tensor Forward(Tensor hidden, Tensor context)
    {
        ArgumentNullException.ThrowIfNull(hidden);
        using var scope = torch.NewDisposeScope();
        hidden = attn1.Forward(norm1.forward(hidden)) + hidden;
        hidden = attn2.Forward(norm2.forward(hidden), context) + hidden;
        hidden = ff.forward(norm3.forward(hidden)) + hidden;
        return hidden.MoveToOuterDisposeScope();
    }
}
