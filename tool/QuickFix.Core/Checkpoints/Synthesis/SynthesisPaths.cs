using QuickFix.Checkpoints.Layouts;

namespace QuickFix.Checkpoints.Synthesis;

/// <summary>
/// Where a synthesized checkpoint puts its files, so that code reading one (tokenize, encode, apply) finds them:
/// diffusers variant file names by float dtype, and the tokenizer sidecar folders of a single file.
/// </summary>
public static class SynthesisPaths
{
    /// <summary>Suffix of the first text encoder's tokenizer folder beside a single file: <c>model.tokenizer/</c> for <c>model.safetensors</c>.</summary>
    public const string TokenizerSidecarSuffix = ".tokenizer";

    /// <summary>Suffix of SDXL's second tokenizer folder beside a single file: <c>model.tokenizer_2/</c>.</summary>
    public const string SecondTokenizerSidecarSuffix = ".tokenizer_2";

    /// <summary>
    /// The tokenizer folder of text encoder <paramref name="encoderIndex"/> (0 = <c>tokenizer</c>, 1 = SDXL's
    /// <c>tokenizer_2</c>) beside single file <paramref name="checkpointFile"/>: the file's path without its extension
    /// plus <see cref="TokenizerSidecarSuffix"/> or <see cref="SecondTokenizerSidecarSuffix"/>
    /// (<c>out/sd15.safetensors</c> → <c>out/sd15.tokenizer</c>).
    /// </summary>
    public static string TokenizerSidecarDirectory(string checkpointFile, int encoderIndex = 0)
    {
        ArgumentException.ThrowIfNullOrEmpty(checkpointFile);
        ArgumentOutOfRangeException.ThrowIfNegative(encoderIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(encoderIndex, 1);
        var stem = Path.Combine(Path.GetDirectoryName(checkpointFile) ?? string.Empty, Path.GetFileNameWithoutExtension(checkpointFile));
        return stem + (encoderIndex == 0 ? TokenizerSidecarSuffix : SecondTokenizerSidecarSuffix);
    }

    /// <summary>
    /// The file a diffusers folder stores weights file <paramref name="relativePath"/> (an inventory path such as
    /// <c>unet/diffusion_pytorch_model.safetensors</c>) under for float dtype <paramref name="floatType"/>: unchanged for
    /// F32; diffusers' variant naming <c>*.fp16.safetensors</c> for F16 and <c>*.bf16.safetensors</c> for BF16
    /// (what <c>from_pretrained(..., variant="fp16"|"bf16")</c> loads).
    /// </summary>
    public static string DiffusersVariantPath(string relativePath, TensorDType floatType)
    {
        ArgumentException.ThrowIfNullOrEmpty(relativePath);
        var variant = floatType switch
        {
            TensorDType.F32 => null,
            TensorDType.F16 => "fp16",
            TensorDType.BF16 => "bf16",
            _ => throw new ArgumentOutOfRangeException(nameof(floatType), floatType, "A checkpoint's float dtype must be F32, F16 or BF16."),
        };
        if (variant is null)
        {
            return relativePath;
        }

        var extension = Path.GetExtension(relativePath);
        return relativePath[..^extension.Length] + "." + variant + extension;
    }
}
