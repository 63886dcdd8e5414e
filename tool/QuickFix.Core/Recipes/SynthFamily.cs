namespace QuickFix.Recipes;

/// <summary>The family of a synthesized base model (<c>model.synth.family</c>; spelled <c>sd15</c>, <c>sd21</c>, <c>sdxl</c>).</summary>
public enum SynthFamily
{
    /// <summary><c>sd15</c>: Stable Diffusion 1.x, one CLIP ViT-L/14 text encoder.</summary>
    Sd15,

    /// <summary><c>sd21</c>: Stable Diffusion 2.x, one OpenCLIP ViT-H/14 text encoder.</summary>
    Sd21,

    /// <summary><c>sdxl</c>: Stable Diffusion XL, two text encoders.</summary>
    Sdxl,
}
