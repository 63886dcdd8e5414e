using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace QuickFix.Models.Unet;

/// <summary>
/// diffusers' <c>Downsample2D</c> with a convolution: a stride-2 3x3 <c>conv</c>. With <c>padding</c> 1 (UNet) the
/// convolution pads symmetrically; with 0 (VAE, CompVis <c>Downsample</c>) the input is first padded by one zero
/// column on the right and one row at the bottom, <c>(0, 1, 0, 1)</c>.
/// </summary>
public sealed class Downsample2D : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006, SA1300 // field names are the module names, hence the weight keys
    private readonly Conv2d conv;
#pragma warning restore IDE1006, SA1300
    private readonly bool asymmetricPadding;

    public Downsample2D(long channels, long padding) : base(nameof(Downsample2D))
    {
        if (padding is not (0 or 1))
        {
            throw new ArgumentOutOfRangeException(nameof(padding), padding, "Downsample padding must be 0 (VAE) or 1 (UNet).");
        }

        asymmetricPadding = padding == 0;
        conv = nn.Conv2d(channels, channels, 3, stride: 2, padding: padding);
        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        if (!asymmetricPadding)
        {
            return conv.Run(input);
        }

        using var padded = nn.functional.pad(input, [0, 1, 0, 1]);
        return conv.Run(padded);
    }
}
