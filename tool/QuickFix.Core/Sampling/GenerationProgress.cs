namespace QuickFix.Sampling;

/// <summary>Reported after each denoising step (and once more, with <see cref="Decoded"/> set, after the VAE decode).</summary>
/// <param name="Step">Steps completed, 1 … <paramref name="Steps"/>.</param>
/// <param name="Steps">Steps in the run.</param>
/// <param name="Timestep">The timestep of the step just completed.</param>
/// <param name="Decoded">True for the final report, after the images were decoded.</param>
public sealed record GenerationProgress(int Step, int Steps, double Timestep, bool Decoded = false);
