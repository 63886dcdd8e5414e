namespace QuickFix.Imaging;

/// <summary>A file that should be a PNG image cannot be decoded (e.g. a damaged <c>*.verified.png</c>). Code <c>QF1301</c>.</summary>
public sealed class ImageFormatException : QuickFixException
{
    /// <summary>The stable error code.</summary>
    public const string ErrorCode = "QF1301";

    /// <summary>Creates the error for the image at <paramref name="filePath"/>.</summary>
    public ImageFormatException(string message, string? filePath, Exception? innerException = null)
        : base(ErrorCode, message, filePath, innerException)
    {
    }
}
