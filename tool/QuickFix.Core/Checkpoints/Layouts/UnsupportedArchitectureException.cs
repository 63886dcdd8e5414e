namespace QuickFix.Checkpoints.Layouts;

/// <summary>
/// An architecture config asks for a module the layout generators do not know (another block type, an embedding
/// type other than SDXL's <c>text_time</c>, channels not divisible by the head count or norm groups), so its tensor
/// names cannot be stated exactly. Code <c>QF0502</c>.
/// </summary>
public sealed class UnsupportedArchitectureException : QuickFixException
{
    /// <summary>The stable error code.</summary>
    public const string ErrorCode = "QF0502";

    /// <summary>Creates the error; <paramref name="filePath"/> is the config file when the config came from one.</summary>
    public UnsupportedArchitectureException(string message, string? filePath = null)
        : base(ErrorCode, message, filePath)
    {
    }
}
