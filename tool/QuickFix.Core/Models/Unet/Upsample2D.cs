using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace QuickFix.Models.Unet;

/// <summary>diffusers' <c>Upsample2D</c> with a convolution: nearest-neighbour upsampling, then a 3x3 <c>conv</c>.</summary>
public sealed class Upsample2D : nn.Module
{
#pragma warning disable IDE1006, SA1300 // field names are the module names, hence the weight keys
    private readonly Conv2d conv;
#pragma warning restore IDE1006, SA1300

    public Upsample2D(long channels) : base(nameof(Upsample2D))
    {
        conv = nn.Conv2d(channels, channels, 3, padding: 1);
        RegisterComponents();
    }

    /// <summary>
    /// Upsamples <paramref name="input"/> to <paramref name="outputSize"/> (<c>[H, W]</c>), or by 2 when null. The UNet
    /// passes the size of the skip connection it is about to concatenate, which equals 2x unless the latent's side was
    /// odd at that level (diffusers' <c>upsample_size</c>).
    /// </summary>
    public Tensor Forward(Tensor input, long[]? outputSize = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var upsampled = outputSize is null
            ? nn.functional.interpolate(input, scale_factor: [2.0, 2.0], mode: InterpolationMode.Nearest)
            : nn.functional.interpolate(input, size: outputSize, mode: InterpolationMode.Nearest);
        return conv.Run(upsampled);
    }
}
