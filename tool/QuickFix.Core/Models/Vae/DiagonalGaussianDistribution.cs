using static TorchSharp.torch;

namespace QuickFix.Models.Vae;

/// <summary>
/// The VAE posterior (diffusers/CompVis <c>DiagonalGaussianDistribution</c>) of an encoded image: per-element mean and
/// log-variance (clamped to <c>[-30, 20]</c>), both <c>[B, latent_channels, H/f, W/f]</c> and unscaled. The caller owns
/// (and disposes) both tensors.
/// </summary>
/// <param name="Mean">The posterior mean (its mode): the first <c>latent_channels</c> channels of <c>quant_conv</c>'s output.</param>
/// <param name="LogVar">The clamped log-variance: the remaining channels.</param>
public sealed record DiagonalGaussianDistribution(Tensor Mean, Tensor LogVar);
