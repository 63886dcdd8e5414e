namespace QuickFix.Sampling;

/// <summary>
/// A text-to-image request the pipeline cannot run: an image size that is not a multiple of the VAE's down-sampling
/// factor, no prompt, initial latents of the wrong shape, or a latents file without a usable tensor. Code <c>QF1201</c>
/// (bad input, exit code 2).
/// </summary>
public sealed class GenerationException : QuickFixException
{
    /// <summary>The stable error code.</summary>
    public const string ErrorCode = "QF1201";

    /// <summary>Creates the error; <paramref name="filePath"/> names the file concerned (a latents file), if any.</summary>
    public GenerationException(string message, string? filePath = null, Exception? innerException = null)
        : base(ErrorCode, message, filePath, innerException)
    {
    }
}
