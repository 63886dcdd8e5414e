using System.Globalization;

namespace QuickFix.Checkpoints;

/// <summary>
/// A safetensors file breaks the format, or lacks a tensor that was asked for. Carries the broken rule
/// (<see cref="Reason"/>, code <c>QF02xx</c> with xx its number), the file, and where known the byte offset in the file
/// and the tensor name, so that the message points at the problem.
/// </summary>
public sealed class SafetensorsFormatException : QuickFixException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="reason">The rule the file breaks.</param>
    /// <param name="message">What was found and what was expected.</param>
    /// <param name="filePath">The file, when there is one.</param>
    /// <param name="offset">Byte offset from the start of the file where the problem was found, when known.</param>
    /// <param name="tensorName">The tensor entry concerned, when there is one.</param>
    /// <param name="innerException">The underlying parser error, when there is one.</param>
    public SafetensorsFormatException(
        SafetensorsError reason,
        string message,
        string? filePath,
        long? offset = null,
        string? tensorName = null,
        Exception? innerException = null)
        : base(CodeOf(reason), Describe(message, filePath, offset, tensorName), filePath, innerException)
    {
        Reason = reason;
        Offset = offset;
        TensorName = tensorName;
    }

    /// <summary>The rule the file breaks.</summary>
    public SafetensorsError Reason { get; }

    /// <summary>Byte offset from the start of the file where the problem was found, when known.</summary>
    public long? Offset { get; }

    /// <summary>The tensor entry concerned, when there is one.</summary>
    public string? TensorName { get; }

    /// <summary>The stable code of <paramref name="reason"/>: <c>QF0201</c> for <see cref="SafetensorsError.HeaderTooSmall"/>, and so on.</summary>
    public static string CodeOf(SafetensorsError reason) => string.Create(CultureInfo.InvariantCulture, $"QF02{(int)reason:00}");

    private static string Describe(string message, string? filePath, long? offset, string? tensorName)
    {
        var place = filePath ?? "safetensors data";
        if (tensorName is not null)
        {
            place += $", tensor '{tensorName}'";
        }

        if (offset is not null)
        {
            place += string.Create(CultureInfo.InvariantCulture, $", byte {offset}");
        }

        return $"{place}: {message}";
    }
}
