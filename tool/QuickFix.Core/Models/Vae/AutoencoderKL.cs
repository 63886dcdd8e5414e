using QuickFix.Checkpoints.Layouts;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace QuickFix.Models.Vae;

/// <summary>
/// The Stable Diffusion VAE as diffusers' <c>AutoencoderKL</c>: <c>encoder</c>, <c>decoder</c>, <c>quant_conv</c>,
/// <c>post_quant_conv</c>; module names equal the weight keys of a diffusers <c>vae/diffusion_pytorch_model.safetensors</c>.
/// Images are <c>[B, 3, H, W]</c> in <c>[-1, 1]</c>; latents are <c>H/f x W/f</c> with <c>f = 2^(levels-1)</c>.
/// Inference only.
/// </summary>
public sealed class AutoencoderKL : nn.Module
{
    /// <summary>GroupNorm epsilon of every VAE norm (diffusers and CompVis hard-code it).</summary>
    internal const double NormEps = 1e-6;

#pragma warning disable IDE1006, SA1300 // field names are the module names, hence the weight keys
    private readonly VaeEncoder encoder;
    private readonly VaeDecoder decoder;
    private readonly Conv2d quant_conv;
    private readonly Conv2d post_quant_conv;
#pragma warning restore IDE1006, SA1300

    /// <summary>Builds the module tree of <paramref name="config"/> (parameters uninitialised: load weights next).</summary>
    /// <exception cref="UnsupportedArchitectureException">The config asks for a variant this implementation does not have.</exception>
    public AutoencoderKL(AutoencoderKLConfig config) : base(nameof(AutoencoderKL))
    {
        ArgumentNullException.ThrowIfNull(config);

        // The tensor layout generator validates block types, list lengths and group divisibility.
        _ = ComponentInventory.Vae(config, TensorDType.F32);
        if (config.ActFn != "silu")
        {
            throw new UnsupportedArchitectureException($"VAE act_fn '{config.ActFn}' is not supported (expected silu).");
        }

        Config = config;
        encoder = new VaeEncoder(config);
        decoder = new VaeDecoder(config);
        quant_conv = nn.Conv2d(2L * config.LatentChannels, 2L * config.LatentChannels, 1);
        post_quant_conv = nn.Conv2d(config.LatentChannels, config.LatentChannels, 1);
        RegisterComponents();
    }

    /// <summary>The architecture the module was built with.</summary>
    public AutoencoderKLConfig Config { get; }

    /// <summary><c>scaling_factor</c>: diffusion-space latents are the posterior's latents times this.</summary>
    public double ScalingFactor => Config.ScalingFactor;

    /// <summary>
    /// Encodes <paramref name="image"/> (<c>[B, in_channels, H, W]</c>, in <c>[-1, 1]</c>) to the posterior:
    /// <c>quant_conv(encoder(image))</c> split into mean and log-variance.
    /// Gradients flow when the parameters or inputs require them (training, <c>QuickFix.Training</c>); inference callers
    /// run under <c>torch.inference_mode()</c>, and loaded weights carry none.
    /// </summary>
    public DiagonalGaussianDistribution Encode(Tensor image)
    {
        ArgumentNullException.ThrowIfNull(image);
        using var scope = torch.NewDisposeScope();
        var moments = quant_conv.Run(encoder.forward(image)).chunk(2, 1);
        var mean = moments[0].contiguous();
        var logVar = moments[1].clamp(-30.0, 20.0);
        return new DiagonalGaussianDistribution(mean.MoveToOuterDisposeScope(), logVar.MoveToOuterDisposeScope());
    }

    /// <summary>
    /// The diffusion-space latent of <paramref name="image"/>: the posterior mean (mode) times <see cref="ScalingFactor"/>
    /// (CompVis <c>get_first_stage_encoding</c> of the mode).
    /// </summary>
    public Tensor EncodeLatents(Tensor image)
    {
        var posterior = Encode(image);
        using var mean = posterior.Mean;
        using var logVar = posterior.LogVar;
        return mean * ScalingFactor;
    }

    /// <summary>
    /// Decodes raw (unscaled) latents <c>[B, latent_channels, h, w]</c>: <c>decoder(post_quant_conv(z))</c>, unclamped.
    /// Gradients flow when the parameters or inputs require them (training, <c>QuickFix.Training</c>); inference callers
    /// run under <c>torch.inference_mode()</c>, and loaded weights carry none.
    /// </summary>
    public Tensor Decode(Tensor latents)
    {
        ArgumentNullException.ThrowIfNull(latents);
        using var scope = torch.NewDisposeScope();
        return decoder.forward(post_quant_conv.Run(latents)).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Decodes diffusion-space latents (what a sampler produces): multiplies by <c>1 / scaling_factor</c> (the reciprocal,
    /// as CompVis <c>decode_first_stage</c> does), then <see cref="Decode"/>. The image is unclamped, in about <c>[-1, 1]</c>.
    /// </summary>
    public Tensor DecodeLatents(Tensor scaledLatents)
    {
        ArgumentNullException.ThrowIfNull(scaledLatents);
        using var unscaled = Unscale(scaledLatents);
        return Decode(unscaled);
    }

    /// <summary>The raw latents of diffusion-space latents: <c>(1 / scaling_factor) * z</c>.</summary>
    public Tensor Unscale(Tensor scaledLatents)
    {
        ArgumentNullException.ThrowIfNull(scaledLatents);
        return scaledLatents * (1.0 / ScalingFactor);
    }
}
