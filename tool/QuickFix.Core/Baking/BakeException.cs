namespace QuickFix.Baking;

/// <summary>A recipe that is valid on its own but cannot be baked against its model (QF10xx).</summary>
public sealed class BakeException : QuickFixException
{
    public BakeException(
        string code, string message, string? filePath, int? line = null, int? column = null, bool isInputError = true, Exception? innerException = null)
        : base(code, message, filePath, innerException)
    {
        Line = line;
        Column = column;
        IsInputError = isInputError;
    }

    /// <inheritdoc />
    public override int? Line { get; }

    /// <inheritdoc />
    public override int? Column { get; }

    /// <inheritdoc />
    public override bool IsInputError { get; }
}
