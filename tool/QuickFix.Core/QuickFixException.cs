namespace QuickFix;

/// <summary>
/// Base of every error the engine reports to a user. Each failure class derives from it, carries a stable
/// code (<c>QF####</c>, documented in the README) and the place the problem was found, so that the CLI can
/// print one clear line and the MSBuild task can map it to canonical <c>file(line,col): error QF####</c> form.
/// </summary>
public abstract class QuickFixException : Exception
{
    protected QuickFixException(string code, string message, string? filePath, Exception? innerException = null)
        : base(message, innerException)
    {
        Code = code;
        FilePath = filePath;
    }

    /// <summary>Stable error code, <c>QF</c> followed by four digits.</summary>
    public string Code { get; }

    /// <summary>The file the error is about, when there is one.</summary>
    public string? FilePath { get; }

    /// <summary>1-based line in <see cref="FilePath"/>, when the error has one (text inputs such as recipes).</summary>
    public virtual int? Line => null;

    /// <summary>1-based column in <see cref="FilePath"/>, when the error has one.</summary>
    public virtual int? Column => null;

    /// <summary>
    /// True for bad input (exit code 2); false for a gate that ran and failed (trace, verify, snapshots: exit code 1).
    /// </summary>
    public virtual bool IsInputError => true;
}
