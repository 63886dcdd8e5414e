namespace QuickFix.Checkpoints.Synthesis;

/// <summary>
/// The output path of <c>synth</c> cannot take the checkpoint: a diffusers folder was asked for where a file exists,
/// or a single file where a folder exists. Code <c>QF0510</c>; nothing is written.
/// </summary>
public sealed class SynthesisOutputException : QuickFixException
{
    /// <summary>The stable error code.</summary>
    public const string ErrorCode = "QF0510";

    /// <summary>Creates the error for <paramref name="outputPath"/>.</summary>
    public SynthesisOutputException(string message, string outputPath)
        : base(ErrorCode, message, outputPath)
    {
    }
}
