namespace QuickFix.Demo;

/// <summary>
/// A demo-data request that cannot be met: an image size or item count out of range (<c>QF1501</c>), or an output path
/// that is not a folder (<c>QF1502</c>). Bad input, exit code 2.
/// </summary>
public sealed class DemoDataException : QuickFixException
{
    /// <summary>An image size or count out of range.</summary>
    public const string InvalidRequestCode = "QF1501";

    /// <summary>An output path that exists and is not a folder.</summary>
    public const string OutputNotFolderCode = "QF1502";

    /// <summary>Creates the error; <paramref name="filePath"/> names the path concerned, if any.</summary>
    public DemoDataException(string code, string message, string? filePath = null)
        : base(code, message, filePath)
    {
    }
}
