namespace QuickFix.Training;

/// <summary>
/// A training run that cannot start or continue: a stage whose prerequisite stage has not finished (<c>QF1503</c>), or
/// saved state that belongs to another plan or model (<c>QF1504</c>). Bad input, exit code 2.
/// </summary>
public sealed class TrainingException : QuickFixException
{
    /// <summary>A stage needs an earlier stage's finished state.</summary>
    public const string MissingStageCode = "QF1503";

    /// <summary>Saved state does not fit the plan (other architecture or batch size).</summary>
    public const string StateMismatchCode = "QF1504";

    /// <summary>Creates the error; <paramref name="filePath"/> names the file concerned.</summary>
    public TrainingException(string code, string message, string? filePath = null)
        : base(code, message, filePath)
    {
    }
}
