using QuickFix.Imaging;

namespace QuickFix.Sampling;

/// <summary>One generated image.</summary>
/// <param name="Prompt">Its prompt.</param>
/// <param name="Seed">The seed of its initial noise, or null when the request gave the initial latents.</param>
/// <param name="Image">
/// The decoded image: <c>clamp((x + 1) / 2, 0, 1)</c> per channel, times 255 in float32, rounded half to even to a
/// byte (numpy's <c>round</c>, as diffusers' <c>numpy_to_pil</c>), so the same latents give the same bytes everywhere.
/// </param>
public sealed record GeneratedImage(string Prompt, ulong? Seed, RgbImage Image);
