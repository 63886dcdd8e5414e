namespace QuickFix.Training;

/// <summary>The demo model's training stages, in the order they run (each later one needs the earlier ones' results).</summary>
public enum TrainingStage
{
    /// <summary>The text tower, trained contrastively with a small image tower (InfoNCE).</summary>
    Clip,

    /// <summary>The KL autoencoder (L1 reconstruction plus a small KL term).</summary>
    Vae,

    /// <summary>The conditional UNet, as latent diffusion with the frozen text tower (epsilon prediction).</summary>
    Unet,

    /// <summary>The concept scorer: a classifier of the demo labels on drawn and VAE-decoded images (evaluation only).</summary>
    Scorer,
}
