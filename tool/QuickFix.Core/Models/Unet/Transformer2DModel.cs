using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace QuickFix.Models.Unet;

/// <summary>
/// diffusers' <c>Transformer2DModel</c> for continuous input (CompVis <c>SpatialTransformer</c>): GroupNorm (eps 1e-6),
/// <c>proj_in</c>, <c>transformer_blocks</c> over the <c>H·W</c> tokens, <c>proj_out</c>, plus the input. The
/// projections are 1x1 convolutions applied on the map (SD 1.x) or linears applied on the tokens
/// (<c>use_linear_projection</c>: SD 2.x, SDXL).
/// </summary>
public sealed class Transformer2DModel : nn.Module
{
#pragma warning disable IDE1006, SA1300 // field names are the module names, hence the weight keys
    private readonly GroupNorm norm;
    private readonly nn.Module<Tensor, Tensor> proj_in;
    private readonly ModuleList<BasicTransformerBlock> transformer_blocks;
    private readonly nn.Module<Tensor, Tensor> proj_out;
#pragma warning restore IDE1006, SA1300
    private readonly bool linearProjection;

    /// <param name="channels">Channels of the map (= inner width).</param>
    /// <param name="heads">Attention heads.</param>
    /// <param name="depth">Number of transformer blocks (<c>transformer_layers_per_block</c>).</param>
    /// <param name="contextDim">Width of the text context (<c>cross_attention_dim</c>).</param>
    /// <param name="groups">GroupNorm groups.</param>
    /// <param name="linearProjection"><c>use_linear_projection</c>.</param>
    public Transformer2DModel(long channels, long heads, int depth, long contextDim, long groups, bool linearProjection)
        : base(nameof(Transformer2DModel))
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(depth, 1);
        this.linearProjection = linearProjection;
        norm = nn.GroupNorm(groups, channels, 1e-6);
        proj_in = linearProjection ? nn.Linear(channels, channels) : nn.Conv2d(channels, channels, 1);
        transformer_blocks = nn.ModuleList([.. Enumerable.Range(0, depth).Select(_ => new BasicTransformerBlock(channels, heads, contextDim))]);
        proj_out = linearProjection ? nn.Linear(channels, channels) : nn.Conv2d(channels, channels, 1);
        RegisterComponents();
    }

    /// <summary>Runs the transformer on the map <c>[B, C, H, W]</c> with the text context <c>[B, T, contextDim]</c>.</summary>
    public Tensor Forward(Tensor input, Tensor context)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var scope = torch.NewDisposeScope();
        var (batch, channels, height, width) = (input.shape[0], input.shape[1], input.shape[2], input.shape[3]);
        var hidden = norm.forward(input);
        hidden = linearProjection
            ? proj_in.Run(ToTokens(hidden, batch, channels))
            : ToTokens(proj_in.Run(hidden), batch, channels);
        foreach (var block in transformer_blocks)
        {
            hidden = block.Forward(hidden, context);
        }

        hidden = linearProjection
            ? ToMap(proj_out.Run(hidden), batch, channels, height, width)
            : proj_out.Run(ToMap(hidden, batch, channels, height, width));
        return (hidden + input).MoveToOuterDisposeScope();
    }

    private static Tensor ToTokens(Tensor map, long batch, long channels) =>
        map.permute(0, 2, 3, 1).reshape(batch, -1, channels);

    private static Tensor ToMap(Tensor tokens, long batch, long channels, long height, long width) =>
        tokens.reshape(batch, height, width, channels).permute(0, 3, 1, 2).contiguous();
}
