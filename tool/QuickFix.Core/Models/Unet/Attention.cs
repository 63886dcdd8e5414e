using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace QuickFix.Models.Unet;

/// <summary>
/// diffusers' <c>Attention</c> with <c>AttnProcessor2_0</c>: <c>to_q</c>, <c>to_k</c>, <c>to_v</c>, <c>to_out.0</c>,
/// multi-head scaled dot-product attention with scale <c>head_dim^-0.5</c>. In the UNet's transformer blocks
/// (<c>attn1</c> self-, <c>attn2</c> cross-attention) the projections have no bias. The VAE's mid-block attention
/// is the spatial variant: a <c>group_norm</c> first, biases, one head over all channels, and a residual connection.
/// </summary>
public sealed class Attention : nn.Module
{
#pragma warning disable IDE1006, SA1300 // field names are the module names, hence the weight keys
    private readonly GroupNorm? group_norm;
    private readonly Linear to_q;
    private readonly Linear to_k;
    private readonly Linear to_v;
    private readonly ModuleList<nn.Module<Tensor, Tensor>> to_out;
#pragma warning restore IDE1006, SA1300
    private readonly long heads;

    private Attention(long queryDim, long contextDim, long heads, bool bias, GroupNorm? groupNorm) : base(nameof(Attention))
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(heads, 1);
        if (queryDim % heads != 0)
        {
            throw new ArgumentException($"{queryDim} channels cannot be split into {heads} heads.", nameof(heads));
        }

        this.heads = heads;
        group_norm = groupNorm;
        to_q = nn.Linear(queryDim, queryDim, hasBias: bias);
        to_k = nn.Linear(contextDim, queryDim, hasBias: bias);
        to_v = nn.Linear(contextDim, queryDim, hasBias: bias);
        to_out = nn.ModuleList<nn.Module<Tensor, Tensor>>(nn.Linear(queryDim, queryDim));
        RegisterComponents();
    }

    /// <summary>
    /// A transformer block's attention over <c>[B, L, channels]</c> tokens: self-attention when
    /// <paramref name="contextDim"/> is null, else cross-attention to a context of that width. Inner width = channels
    /// (diffusers: <c>heads * (channels / heads)</c>).
    /// </summary>
    public static Attention ForTransformer(long channels, long? contextDim, long heads) =>
        new(channels, contextDim ?? channels, heads, bias: false, groupNorm: null);

    /// <summary>The VAE mid-block attention over a <c>[B, C, H, W]</c> map: GroupNorm, one head, biases, residual.</summary>
    public static Attention ForVae(long channels, long groups, double eps) =>
        new(channels, channels, heads: 1, bias: true, groupNorm: nn.GroupNorm(groups, channels, eps));

    /// <summary>
    /// Attends from <paramref name="input"/> to <paramref name="context"/> (itself when null). Input is
    /// <c>[B, L, C]</c>, or <c>[B, C, H, W]</c> for the spatial (VAE) variant, which adds the input back.
    /// </summary>
    public Tensor Forward(Tensor input, Tensor? context = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var scope = torch.NewDisposeScope();
        var hidden = input;
        if (group_norm is not null)
        {
            hidden = group_norm.forward(input).flatten(2).transpose(1, 2);
        }

        var source = context ?? hidden;
        var (batch, length) = (hidden.shape[0], hidden.shape[1]);
        var query = SplitHeads(to_q.forward(hidden));
        var key = SplitHeads(to_k.forward(source));
        var value = SplitHeads(to_v.forward(source));
        var attended = nn.functional.scaled_dot_product_attention(query, key, value)
            .transpose(1, 2).reshape(batch, length, -1);
        var output = to_out[0].forward(attended);
        if (group_norm is not null)
        {
            output = output.transpose(1, 2).reshape(input.shape) + input;
        }

        return output.MoveToOuterDisposeScope();
    }

    private Tensor SplitHeads(Tensor projected) =>
        projected.view(projected.shape[0], projected.shape[1], heads, -1).transpose(1, 2);
}
