namespace QuickFix.Checkpoints.Layouts;

/// <summary>Relative paths of the files of a diffusers pipeline folder, and the single-file name used here.</summary>
public static class DiffusersFiles
{
    /// <summary>The UNet weights.</summary>
    public const string UNet = "unet/diffusion_pytorch_model.safetensors";

    /// <summary>The VAE weights.</summary>
    public const string Vae = "vae/diffusion_pytorch_model.safetensors";

    /// <summary>The (first) text encoder's weights.</summary>
    public const string TextEncoder = "text_encoder/model.safetensors";

    /// <summary>SDXL's second text encoder's weights.</summary>
    public const string TextEncoder2 = "text_encoder_2/model.safetensors";

    /// <summary>The pipeline index.</summary>
    public const string ModelIndex = "model_index.json";

    /// <summary>Name given to a single-file checkpoint in an inventory (callers choose the real file name).</summary>
    public const string SingleFile = "model.safetensors";
}
