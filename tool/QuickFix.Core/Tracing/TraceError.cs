namespace QuickFix.Tracing;

/// <summary>Why a trace was refused; the number is the last two digits of the error code (QF08xx).</summary>
public enum TraceError
{
    /// <summary>The subject's tokens do not occur as one contiguous run in the prompt's tokens.</summary>
    SubjectNotInPrompt = 1,

    /// <summary>The prompt or subject is empty, or has no tokens.</summary>
    EmptyText = 2,

    /// <summary>The settings are unusable (no samples, negative or non-finite noise, layer out of range).</summary>
    InvalidSettings = 3,
}
