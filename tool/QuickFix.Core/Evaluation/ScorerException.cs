namespace QuickFix.Evaluation;

/// <summary>
/// A concept scorer folder that cannot be used (<c>QF1601</c>): missing files, or a config whose classes are not the
/// demo data's. Bad input, exit code 2.
/// </summary>
public sealed class ScorerException : QuickFixException
{
    /// <summary>The scorer folder is missing, incomplete or for other classes.</summary>
    public const string InvalidScorerCode = "QF1601";

    /// <summary>Creates the error; <paramref name="filePath"/> names the file concerned.</summary>
    public ScorerException(string message, string? filePath, Exception? innerException = null)
        : base(InvalidScorerCode, message, filePath, innerException)
    {
    }
}
