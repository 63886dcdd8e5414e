using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace QuickFix.Models.Unet;

/// <summary>
/// diffusers' <c>ResnetBlock2D</c> (CompVis <c>ResBlock</c> / VAE <c>ResnetBlock</c>):
/// <c>h = conv1(silu(norm1(x))) + time_emb_proj(silu(temb)); h = conv2(silu(norm2(h))); out = shortcut(x) + h</c>,
/// with a 1x1 <c>conv_shortcut</c> when the channel count changes. The VAE builds it without a time embedding.
/// </summary>
public sealed class ResnetBlock2D : nn.Module
{
#pragma warning disable IDE1006, SA1300 // field names are the module names, hence the weight keys
    private readonly GroupNorm norm1;
    private readonly Conv2d conv1;
    private readonly Linear? time_emb_proj;
    private readonly GroupNorm norm2;
    private readonly Conv2d conv2;
    private readonly Conv2d? conv_shortcut;
#pragma warning restore IDE1006, SA1300

    /// <param name="inChannels">Input channels.</param>
    /// <param name="outChannels">Output channels.</param>
    /// <param name="timeEmbedDim">Width of the time embedding, or null for none (VAE).</param>
    /// <param name="groups">GroupNorm groups.</param>
    /// <param name="eps">GroupNorm epsilon (UNet <c>norm_eps</c> 1e-5, VAE 1e-6).</param>
    public ResnetBlock2D(long inChannels, long outChannels, long? timeEmbedDim, long groups, double eps) : base(nameof(ResnetBlock2D))
    {
        norm1 = nn.GroupNorm(groups, inChannels, eps);
        conv1 = nn.Conv2d(inChannels, outChannels, 3, padding: 1);
        time_emb_proj = timeEmbedDim is long width ? nn.Linear(width, outChannels) : null;
        norm2 = nn.GroupNorm(groups, outChannels, eps);
        conv2 = nn.Conv2d(outChannels, outChannels, 3, padding: 1);
        conv_shortcut = inChannels != outChannels ? nn.Conv2d(inChannels, outChannels, 1) : null;
        RegisterComponents();
    }

    /// <summary>Runs the block on <paramref name="input"/> <c>[B, C, H, W]</c> with the time embedding <c>[B, T]</c> (null in the VAE).</summary>
    public Tensor Forward(Tensor input, Tensor? timeEmbedding)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var scope = torch.NewDisposeScope();
        var hidden = conv1.Run(nn.functional.silu(norm1.forward(input)));
        if (time_emb_proj is not null)
        {
            ArgumentNullException.ThrowIfNull(timeEmbedding);
            hidden += time_emb_proj.forward(nn.functional.silu(timeEmbedding)).unsqueeze(-1).unsqueeze(-1);
        }

        hidden = conv2.Run(nn.functional.silu(norm2.forward(hidden)));
        var shortcut = conv_shortcut is null ? input : conv_shortcut.Run(input);
        return (shortcut + hidden).MoveToOuterDisposeScope();
    }
}
