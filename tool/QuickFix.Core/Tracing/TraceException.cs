namespace QuickFix.Tracing;

/// <summary>A causal trace that cannot be run on the given prompt, subject or settings (bad input: exit code 2).</summary>
public sealed class TraceException : QuickFixException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="reason">Why the trace was refused.</param>
    /// <param name="message">What was found and what was expected.</param>
    /// <param name="filePath">The checkpoint concerned, when there is one.</param>
    public TraceException(TraceError reason, string message, string? filePath = null)
        : base(CodeOf(reason), message, filePath)
    {
        Reason = reason;
    }

    /// <summary>Why the trace was refused.</summary>
    public TraceError Reason { get; }

    /// <summary>The stable code of a reason: <c>QF08</c> and the reason's two-digit number.</summary>
    public static string CodeOf(TraceError reason) => $"QF08{(int)reason:D2}";
}
