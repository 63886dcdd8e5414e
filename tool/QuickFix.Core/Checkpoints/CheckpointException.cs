namespace QuickFix.Checkpoints;

/// <summary>A checkpoint (folder or file) that cannot be opened as a Stable Diffusion model.</summary>
public sealed class CheckpointException : QuickFixException
{
    public CheckpointException(CheckpointError reason, string message, string? filePath, string? tensorName = null, Exception? innerException = null)
        : base(CodeOf(reason), message, filePath, innerException)
    {
        Reason = reason;
        TensorName = tensorName;
    }

    /// <summary>Which rule the checkpoint broke.</summary>
    public CheckpointError Reason { get; }

    /// <summary>The tensor concerned, when there is one.</summary>
    public string? TensorName { get; }

    /// <summary>The stable code of a reason: <c>QF05</c> and the reason's two-digit number.</summary>
    public static string CodeOf(CheckpointError reason) => $"QF05{(int)reason:D2}";
}
