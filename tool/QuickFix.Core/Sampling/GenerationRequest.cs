namespace QuickFix.Sampling;

/// <summary>
/// What <see cref="TextToImagePipeline.Generate"/> makes: one image per prompt, all sampled together with
/// classifier-free guidance against <see cref="NegativePrompt"/>.
/// </summary>
/// <param name="Prompts">The prompts, one image each (at least one).</param>
/// <remarks>
/// Image <c>i</c> starts from the noise of seed <c>Seed + i</c> (AUTOMATIC1111's batch convention), so a prompt and
/// seed give the same image alone or inside a batch. Defaults are those of <c>quickfix generate</c> and of a recipe's
/// <c>images</c> section (design.md).
/// </remarks>
public sealed record GenerationRequest(IReadOnlyList<string> Prompts)
{
    /// <summary>Default of <see cref="Steps"/>.</summary>
    public const int DefaultSteps = 25;

    /// <summary>Default of <see cref="GuidanceScale"/>.</summary>
    public const double DefaultGuidanceScale = 7.5;

    /// <summary>The unconditional prompt of classifier-free guidance; default <c>""</c>, as CompVis and diffusers.</summary>
    public string NegativePrompt { get; init; } = string.Empty;

    /// <summary>Seed of the first image's initial noise (see <see cref="LatentNoise"/>); ignored with <see cref="InitialLatents"/>.</summary>
    public ulong Seed { get; init; }

    /// <summary>Sampling steps (scheduler timesteps); default 25.</summary>
    public int Steps { get; init; } = DefaultSteps;

    /// <summary>
    /// Classifier-free guidance scale <c>w</c>: <c>e = e_uncond + w (e_cond − e_uncond)</c>; 1 is the conditional
    /// prediction alone (the unconditional half is still computed). Default 7.5.
    /// </summary>
    public double GuidanceScale { get; init; } = DefaultGuidanceScale;

    /// <summary>The scheduler; default DDIM.</summary>
    public SchedulerKind Scheduler { get; init; } = SchedulerKind.Ddim;

    /// <summary>Image width in pixels (a multiple of the VAE factor); default the UNet's <c>sample_size</c> × the VAE factor.</summary>
    public int? Width { get; init; }

    /// <summary>Image height in pixels (a multiple of the VAE factor); default as <see cref="Width"/>.</summary>
    public int? Height { get; init; }

    /// <summary>
    /// Unit-variance initial noise to use instead of the seeded noise: one image per prompt (or one image for all),
    /// multiplied by the scheduler's <c>init_noise_sigma</c> as diffusers' <c>prepare_latents</c> does with given
    /// latents. Its spatial size fixes the image size.
    /// </summary>
    public LatentBatch? InitialLatents { get; init; }
}
