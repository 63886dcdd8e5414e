using QuickFix.Models.Vae;
using TorchSharp;
using static TorchSharp.torch;

namespace QuickFix.Training;

/// <summary>
/// The autoencoder stage (LDM's KL-regularised autoencoder without its GAN and perceptual terms): a reparameterised
/// sample of the posterior is decoded, and the loss is the per-pixel mean L1 error plus the KL divergence to N(0, I)
/// weighted by <see cref="TrainingPlan.KlWeight"/> relative to the per-image L1 sum (LDM's weighting, divided by the
/// pixel count so that the reported loss reads as an L1 error).
/// </summary>
internal sealed class VaeStageTrainer(TrainingPlan plan)
    : StageTrainer(ClipStageTrainer.Initialized(new AutoencoderKL(plan.Model.Vae), plan.InitSeed, "vae"), plan.Vae)
{
    /// <inheritdoc/>
    protected override Tensor Loss(DemoBatch batch, StepRandom random)
    {
        using var scope = torch.NewDisposeScope();
        var vae = (AutoencoderKL)Model;
        var images = batch.Images();
        var posterior = vae.Encode(images);
        var latents = Sample(posterior, random);
        var reconstruction = vae.Decode(latents);
        var l1 = (reconstruction - images).abs().mean();
        var kl = 0.5 * (posterior.Mean.square() + posterior.LogVar.exp() - 1.0 - posterior.LogVar).sum() / images.shape[0];
        var loss = l1 + (plan.KlWeight * kl / (images.numel() / images.shape[0]));
        return loss.MoveToOuterDisposeScope();
    }

    /// <summary>A reparameterised sample <c>mean + exp(logvar / 2) · ε</c> (gradients reach both moments).</summary>
    internal static Tensor Sample(DiagonalGaussianDistribution posterior, StepRandom random)
    {
        using var noise = random.Normal("posterior", posterior.Mean.shape);
        return posterior.Mean + ((0.5 * posterior.LogVar).exp() * noise);
    }
}
