using static TorchSharp.torch;

namespace QuickFix.Sampling;

/// <summary>
/// Sees the pipeline's intermediate tensors as they are computed (tests compare them with reference runs). The tensors
/// belong to the pipeline and are disposed after the call: copy what must be kept.
/// </summary>
internal interface IDenoisingObserver
{
    /// <summary>The conditioning batch <c>[uncond × B, cond × B]</c>, <c>[2B, 77, width]</c>.</summary>
    void OnConditioning(Tensor context);

    /// <summary>After step <paramref name="index"/> (0-based): both halves of the model output and the new latents.</summary>
    void OnStep(int index, double timestep, Tensor unconditional, Tensor conditional, Tensor latents);

    /// <summary>The raw VAE output <c>[B, 3, H, W]</c> and the clamped image <c>clamp((x + 1) / 2, 0, 1)</c>.</summary>
    void OnDecoded(Tensor decoded, Tensor image);
}
