namespace QuickFix.Checkpoints.Layouts;

/// <summary>
/// The architecture of a whole Stable Diffusion pipeline: everything needed to state its checkpoint's tensor names,
/// shapes and config files in either layout.
/// </summary>
/// <param name="Family">The release family; fixes the single-file naming scheme.</param>
/// <param name="Size">Released width or tiny width.</param>
/// <param name="Unet">The denoiser.</param>
/// <param name="Vae">The autoencoder.</param>
/// <param name="TextEncoder">The (first) text encoder.</param>
/// <param name="TextEncoder2">SDXL's second text encoder (OpenCLIP bigG with projection); null otherwise.</param>
/// <param name="Scheduler">The noise schedule (and diffusers scheduler class).</param>
public sealed record StableDiffusionConfig(
    ModelFamily Family,
    ModelSize Size,
    UNet2DConditionConfig Unet,
    AutoencoderKLConfig Vae,
    ClipTextConfig TextEncoder,
    ClipTextConfig? TextEncoder2,
    SchedulerConfig Scheduler)
{
    /// <summary>The released architecture of <paramref name="family"/> (configs as in the HF repositories).</summary>
    public static StableDiffusionConfig Full(ModelFamily family) => ReleasedConfigs.Full(family);

    /// <summary>
    /// The same module structure as <see cref="Full"/> (levels, block types, layers per block, transformer depth
    /// per level, text layers' tensor pattern) at tiny width, so a whole checkpoint is a few megabytes.
    /// <paramref name="textVocabSize"/> is the size of the tokenizer vocabulary the tiny model is paired with.
    /// </summary>
    public static StableDiffusionConfig Tiny(ModelFamily family, int textVocabSize) => ReleasedConfigs.Tiny(family, textVocabSize);

    /// <summary>The architecture of <paramref name="family"/> at <paramref name="size"/>; the vocabulary only applies to tiny.</summary>
    public static StableDiffusionConfig Create(ModelFamily family, ModelSize size, int tinyTextVocabSize) =>
        size == ModelSize.Full ? Full(family) : Tiny(family, tinyTextVocabSize);
}
