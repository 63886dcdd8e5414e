using System.Globalization;

namespace QuickFix.Checkpoints.Pickle;

/// <summary>
/// A pickle checkpoint that cannot be read (code <c>QF14xx</c>, xx the <see cref="Reason"/>): names the file, the pickle
/// or storage inside it, the byte and, where there is one, the tensor or the refused global.
/// </summary>
public sealed class PickleCheckpointException : QuickFixException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="reason">The rule the file breaks.</param>
    /// <param name="message">What was found and what was expected.</param>
    /// <param name="filePath">The checkpoint.</param>
    /// <param name="part">The pickle or storage inside the file (<c>archive/data.pkl</c>, <c>storage 3</c>), when known.</param>
    /// <param name="offset">Byte offset in that part (in the file when there is no part), when known.</param>
    /// <param name="tensorName">The tensor concerned, when there is one.</param>
    /// <param name="global">The refused global as <c>module.name</c>, for <see cref="PickleCheckpointError.ForbiddenGlobal"/>.</param>
    public PickleCheckpointException(
        PickleCheckpointError reason,
        string message,
        string? filePath,
        string? part = null,
        long? offset = null,
        string? tensorName = null,
        string? global = null)
        : base(CodeOf(reason), Describe(message, part, offset, tensorName), filePath)
    {
        Reason = reason;
        Part = part;
        Offset = offset;
        TensorName = tensorName;
        Global = global;
    }

    /// <summary>The rule the file breaks.</summary>
    public PickleCheckpointError Reason { get; }

    /// <summary>The pickle or storage inside the file, when known.</summary>
    public string? Part { get; }

    /// <summary>Byte offset in <see cref="Part"/>, when known.</summary>
    public long? Offset { get; }

    /// <summary>The tensor concerned, when there is one.</summary>
    public string? TensorName { get; }

    /// <summary>The refused global (<c>module.name</c>), when the pickle named one.</summary>
    public string? Global { get; }

    /// <summary>The stable code of <paramref name="reason"/>: <c>QF1401</c> for <see cref="PickleCheckpointError.UnknownContainer"/>, and so on.</summary>
    public static string CodeOf(PickleCheckpointError reason) => string.Create(CultureInfo.InvariantCulture, $"QF14{(int)reason:00}");

    private static string Describe(string message, string? part, long? offset, string? tensorName)
    {
        var place = new List<string>();
        if (part is not null)
        {
            place.Add(part);
        }

        if (offset is not null)
        {
            place.Add(string.Create(CultureInfo.InvariantCulture, $"byte {offset}"));
        }

        if (tensorName is not null)
        {
            place.Add($"tensor '{tensorName}'");
        }

        return place.Count == 0 ? message : $"{string.Join(", ", place)}: {message}";
    }
}
