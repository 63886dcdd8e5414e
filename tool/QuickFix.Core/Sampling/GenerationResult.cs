namespace QuickFix.Sampling;

/// <summary>The outcome of <see cref="TextToImagePipeline.Generate"/>.</summary>
/// <param name="Images">One image per prompt, in request order.</param>
/// <param name="FinalLatents">The sampler's final diffusion-space latents (before the VAE's <c>1 / scaling_factor</c>).</param>
/// <param name="Timesteps">The scheduler's timesteps, in execution order.</param>
/// <param name="Scheduler">The scheduler that ran.</param>
/// <param name="Width">Image width in pixels.</param>
/// <param name="Height">Image height in pixels.</param>
public sealed record GenerationResult(
    IReadOnlyList<GeneratedImage> Images,
    LatentBatch FinalLatents,
    IReadOnlyList<double> Timesteps,
    SchedulerKind Scheduler,
    int Width,
    int Height);
