namespace QuickFix.Checkpoints.Layouts;

/// <summary>The released Stable Diffusion families whose checkpoint layouts the engine knows.</summary>
public enum ModelFamily
{
    /// <summary>Stable Diffusion 1.x (1.1-1.5): CLIP ViT-L/14 text encoder, LDM single-file layout.</summary>
    SD15,

    /// <summary>Stable Diffusion 2.x (2.0/2.1): OpenCLIP ViT-H/14 text encoder, stored in OpenCLIP layout in single files.</summary>
    SD21,

    /// <summary>Stable Diffusion XL 1.0 base: CLIP ViT-L/14 plus OpenCLIP ViT-bigG/14, sgm single-file layout.</summary>
    SDXL,
}
