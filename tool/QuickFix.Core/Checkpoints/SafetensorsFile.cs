using System.Diagnostics.CodeAnalysis;
using Microsoft.Win32.SafeHandles;

namespace QuickFix.Checkpoints;

/// <summary>
/// An open safetensors file: its validated header, and positional reads of single tensors. Only the header is read
/// up front; each tensor read is a ranged read of exactly its bytes, so editing one matrix of a multi-GB checkpoint
/// never loads the rest. Reads are positional (<see cref="RandomAccess"/>), so one instance may serve several threads.
/// </summary>
public sealed class SafetensorsFile : IDisposable
{
    private readonly SafeFileHandle handle;
    private readonly SafetensorsHeader header;
    private readonly Dictionary<string, TensorInfo> byName;

    private SafetensorsFile(string path, SafeFileHandle handle, long fileLength, SafetensorsHeader header)
    {
        Path = path;
        this.handle = handle;
        this.header = header;
        FileLength = fileLength;
        byName = header.Tensors.ToDictionary(tensor => tensor.Name, StringComparer.Ordinal);
    }

    /// <summary>The full path of the file.</summary>
    public string Path { get; }

    /// <summary>The file's length in bytes, as validated at open time.</summary>
    public long FileLength { get; }

    /// <summary>Offset of the data buffer from the start of the file: <c>8 + N</c>.</summary>
    public long DataOffset => header.DataOffset;

    /// <summary>The <c>__metadata__</c> strings, in header order; empty when the header has none.</summary>
    public IReadOnlyDictionary<string, string> Metadata => header.Metadata;

    /// <summary>The tensor entries, ordered by <see cref="TensorInfo.Begin"/>.</summary>
    public IReadOnlyList<TensorInfo> Tensors => header.Tensors;

    /// <summary>The tensor entry called <paramref name="name"/> (ordinal, case-sensitive).</summary>
    /// <exception cref="SafetensorsFormatException">No such tensor (<see cref="SafetensorsError.TensorNotFound"/>).</exception>
    public TensorInfo this[string name] => TryGetTensor(name, out var tensor)
        ? tensor
        : throw new SafetensorsFormatException(
            SafetensorsError.TensorNotFound, $"the file has no tensor named '{name}' ({Tensors.Count} tensors).", Path, tensorName: name);

    /// <summary>Opens <paramref name="path"/> and reads and validates its header (cheapest checks first); no tensor data is read.</summary>
    /// <exception cref="SafetensorsFormatException">The file breaks the format; <see cref="SafetensorsFormatException.Reason"/> says how.</exception>
    /// <exception cref="IOException">The file cannot be opened or read.</exception>
    public static SafetensorsFile Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var fullPath = System.IO.Path.GetFullPath(path);
        var handle = File.OpenHandle(fullPath, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete);
        try
        {
            var fileLength = RandomAccess.GetLength(handle);
            Span<byte> prefix = stackalloc byte[SafetensorsHeaderParser.LengthPrefixSize];
            var prefixRead = RandomAccess.Read(handle, prefix, 0);
            var headerLength = SafetensorsHeaderParser.ReadHeaderLength(prefix[..prefixRead], fileLength, fullPath);

            // Allocated only after the length passed its checks (at most 100 MB, within the file).
            var fileStart = new byte[SafetensorsHeaderParser.LengthPrefixSize + headerLength];
            ReadExactly(handle, fileStart, 0, fullPath);
            return new SafetensorsFile(fullPath, handle, fileLength, SafetensorsHeaderParser.Parse(fileStart, fileLength, fullPath));
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Validates a header without a file: <paramref name="fileStart"/> holds at least the first <c>8 + N</c> bytes of
    /// a file that is <paramref name="fileLength"/> bytes long. Pure; for tests, fuzzing and in-memory data.
    /// </summary>
    /// <exception cref="SafetensorsFormatException">The header breaks the format.</exception>
    /// <exception cref="ArgumentException">The span is shorter than the header it announces (and the file holds it).</exception>
    public static SafetensorsHeader ParseHeader(ReadOnlySpan<byte> fileStart, long fileLength, string? path) =>
        SafetensorsHeaderParser.Parse(fileStart, fileLength, path);

    /// <summary>Looks up a tensor entry by name (ordinal, case-sensitive).</summary>
    public bool TryGetTensor(string name, [NotNullWhen(true)] out TensorInfo? tensor)
    {
        ArgumentNullException.ThrowIfNull(name);
        return byName.TryGetValue(name, out tensor);
    }

    /// <summary>Reads the raw little-endian bytes of the tensor called <paramref name="name"/> into a new array.</summary>
    /// <exception cref="SafetensorsFormatException">No such tensor.</exception>
    public byte[] ReadBytes(string name)
    {
        var tensor = this[name];
        if (tensor.ByteLength > Array.MaxLength)
        {
            throw new InvalidOperationException(
                $"Tensor '{name}' is {tensor.ByteLength} bytes, more than an array holds; read it in ranges or through OpenTensorStream.");
        }

        var bytes = new byte[tensor.ByteLength];
        ReadBytes(tensor, 0, bytes);
        return bytes;
    }

    /// <summary>Reads all raw bytes of <paramref name="tensor"/>; <paramref name="destination"/> must be exactly its size.</summary>
    public void ReadBytes(TensorInfo tensor, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        if (destination.Length != tensor.ByteLength)
        {
            throw new ArgumentException($"Tensor '{tensor.Name}' is {tensor.ByteLength} bytes; the destination holds {destination.Length}.", nameof(destination));
        }

        ReadBytes(tensor, 0, destination);
    }

    /// <summary>Reads <c>destination.Length</c> raw bytes of <paramref name="tensor"/>, from <paramref name="offset"/> bytes into its data.</summary>
    /// <param name="tensor">An entry of this file.</param>
    /// <param name="offset">Byte offset within the tensor's data.</param>
    /// <param name="destination">Receives the bytes; the range must lie within the tensor.</param>
    public void ReadBytes(TensorInfo tensor, long offset, Span<byte> destination)
    {
        ThrowIfForeign(tensor);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(offset + destination.Length, tensor.ByteLength, nameof(destination));
        ObjectDisposedException.ThrowIf(handle.IsClosed, this);
        ReadExactly(handle, destination, DataOffset + tensor.Begin + offset, Path);
    }

    /// <summary>Reads raw bytes of the data buffer, from <paramref name="dataPosition"/> bytes after its start (the header's end).</summary>
    public void ReadData(long dataPosition, Span<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(dataPosition);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(dataPosition + destination.Length, FileLength - DataOffset, nameof(destination));
        ObjectDisposedException.ThrowIf(handle.IsClosed, this);
        ReadExactly(handle, destination, DataOffset + dataPosition, Path);
    }

    /// <summary>A read-only, seekable stream over the bytes of <paramref name="tensor"/>; valid while this file is open.</summary>
    public Stream OpenTensorStream(TensorInfo tensor)
    {
        ThrowIfForeign(tensor);
        return new TensorReadStream(this, tensor);
    }

    /// <inheritdoc/>
    public void Dispose() => handle.Dispose();

    private void ThrowIfForeign(TensorInfo tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        if (!TryGetTensor(tensor.Name, out var own) || !own.Equals(tensor))
        {
            throw new ArgumentException($"Tensor '{tensor.Name}' is not an entry of {Path}.", nameof(tensor));
        }
    }

    private static void ReadExactly(SafeFileHandle handle, Span<byte> destination, long fileOffset, string path)
    {
        while (!destination.IsEmpty)
        {
            var read = RandomAccess.Read(handle, destination, fileOffset);
            if (read == 0)
            {
                // The header was validated against the length at open time, so the file shrank while open.
                throw new EndOfStreamException($"{path} ended at byte {fileOffset}; was it changed while open?");
            }

            destination = destination[read..];
            fileOffset += read;
        }
    }
}
