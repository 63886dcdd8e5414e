namespace QuickFix.Editing;

/// <summary>
/// A DIFF-QUICKFIX edit that cannot be computed. Nothing has been written when it is thrown; the message names the
/// tensor concerned when there is one.
/// </summary>
public sealed class EditException : QuickFixException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="reason">Why the edit was refused.</param>
    /// <param name="message">What was found and what was expected.</param>
    /// <param name="filePath">The checkpoint file concerned, when there is one.</param>
    /// <param name="tensorName">The tensor concerned, when there is one.</param>
    public EditException(EditError reason, string message, string? filePath = null, string? tensorName = null)
        : base(CodeOf(reason), message, filePath)
    {
        Reason = reason;
        TensorName = tensorName;
    }

    /// <summary>Why the edit was refused.</summary>
    public EditError Reason { get; }

    /// <summary>The tensor concerned, when there is one.</summary>
    public string? TensorName { get; }

    /// <summary>The stable code of a reason: <c>QF06</c> and the reason's two-digit number.</summary>
    public static string CodeOf(EditError reason) => $"QF06{(int)reason:D2}";
}
