using System.Collections.ObjectModel;
using System.Diagnostics.CodeAnalysis;

namespace QuickFix.Checkpoints;

/// <summary>
/// The validated header of a safetensors file: its tensor entries in data order and its <c>__metadata__</c>.
/// Reading it touches only the first <c>8 + N</c> bytes of the file, so a multi-GB checkpoint costs a few
/// hundred kilobytes to inspect.
/// </summary>
public sealed class SafetensorsHeader
{
    private readonly Dictionary<string, SafetensorsTensorInfo> byName;

    internal SafetensorsHeader(
        IReadOnlyList<SafetensorsTensorInfo> tensorsInDataOrder,
        OrderedDictionary<string, string> metadata,
        long headerLength,
        long fileLength,
        string? filePath)
    {
        Tensors = tensorsInDataOrder;
        Metadata = new ReadOnlyDictionary<string, string>(metadata);
        HeaderLength = headerLength;
        FileLength = fileLength;
        FilePath = filePath;
        byName = tensorsInDataOrder.ToDictionary(tensor => tensor.Name, StringComparer.Ordinal);
    }

    /// <summary>The tensor entries, ordered by their position in the data buffer.</summary>
    public IReadOnlyList<SafetensorsTensorInfo> Tensors { get; }

    /// <summary>The <c>__metadata__</c> strings, in header order; empty when the header has none.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary><c>N</c>: the byte length of the JSON header, padding included.</summary>
    public long HeaderLength { get; }

    /// <summary>Offset of the data buffer from the start of the file: <c>8 + N</c>.</summary>
    public long DataOffset => SafetensorsHeaderParser.LengthPrefixSize + HeaderLength;

    /// <summary>Total length of the file the header was read from.</summary>
    public long FileLength { get; }

    /// <summary>The file the header was read from, when it was read from a file.</summary>
    public string? FilePath { get; }

    /// <summary>Looks up a tensor entry by name (ordinal, case-sensitive).</summary>
    public bool TryGetTensor(string name, [NotNullWhen(true)] out SafetensorsTensorInfo? tensor)
    {
        ArgumentNullException.ThrowIfNull(name);
        return byName.TryGetValue(name, out tensor);
    }

    /// <summary>Returns the tensor entry called <paramref name="name"/>.</summary>
    /// <exception cref="SafetensorsFormatException">No such tensor (<see cref="SafetensorsErrorReason.TensorNotFound"/>).</exception>
    public SafetensorsTensorInfo GetTensor(string name)
    {
        if (TryGetTensor(name, out var tensor))
        {
            return tensor;
        }

        throw new SafetensorsFormatException(
            SafetensorsErrorReason.TensorNotFound,
            $"the file has no tensor named '{name}' ({Tensors.Count} tensors).",
            FilePath,
            tensorName: name);
    }

    /// <summary>
    /// Reads and validates the header of the safetensors data in <paramref name="stream"/> (seekable; read from its
    /// start). Checks run cheapest first: prefix, length cap, UTF-8, JSON, entries, then that the tensors tile the
    /// data buffer exactly to the end of the stream.
    /// </summary>
    /// <param name="stream">A readable, seekable stream positioned anywhere; it is left after the header.</param>
    /// <param name="filePath">Named in errors.</param>
    /// <exception cref="SafetensorsFormatException">The data breaks the format; <see cref="SafetensorsFormatException.Reason"/> says how.</exception>
    public static SafetensorsHeader Read(Stream stream, string? filePath = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanSeek || !stream.CanRead)
        {
            throw new ArgumentException("The stream must be readable and seekable.", nameof(stream));
        }

        var fileLength = stream.Length;
        stream.Position = 0;
        Span<byte> prefix = stackalloc byte[SafetensorsHeaderParser.LengthPrefixSize];
        var prefixRead = stream.ReadAtLeast(prefix, prefix.Length, throwOnEndOfStream: false);
        var headerLength = SafetensorsHeaderParser.ReadHeaderLength(prefix[..prefixRead], fileLength, filePath);
        var json = new byte[headerLength];
        stream.ReadExactly(json);
        return SafetensorsHeaderParser.Parse(json, fileLength, filePath);
    }
}
