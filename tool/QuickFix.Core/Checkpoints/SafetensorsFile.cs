using System.Diagnostics.CodeAnalysis;
using Microsoft.Win32.SafeHandles;

namespace QuickFix.Checkpoints;

/// <summary>
/// An open safetensors file: its validated header, and positional reads of single tensors. Only the header is read
/// up front; each tensor read is a ranged read of exactly its bytes, so editing one matrix of a multi-GB checkpoint
/// never loads the rest. Reads are positional (<see cref="RandomAccess"/>), so one instance may serve several threads.
/// </summary>
/// <remarks>
/// A pickle checkpoint (<c>.ckpt</c>) opens as a <em>view</em> of this type (<see cref="IsView"/>): the header and data
/// buffer its conversion to safetensors would have, read from the checkpoint's storages on demand, so that every
/// reader, the rewriter and the hashes work on it unchanged and an edit converts it in the same single pass.
/// </remarks>
public sealed class SafetensorsFile : IDisposable
{
    private readonly ITensorDataSource data;
    private readonly SafetensorsHeader header;
    private readonly Dictionary<string, TensorInfo> byName;
    private readonly long dataLength;
    private bool disposed;

    private SafetensorsFile(string path, ITensorDataSource data, long fileLength, long dataOffset, SafetensorsHeader header, long dataLength)
    {
        Path = path;
        this.data = data;
        this.header = header;
        this.dataLength = dataLength;
        FileLength = fileLength;
        DataOffset = dataOffset;
        byName = header.Tensors.ToDictionary(tensor => tensor.Name, StringComparer.Ordinal);
    }

    /// <summary>The full path of the file.</summary>
    public string Path { get; }

    /// <summary>The file's length in bytes, as validated at open time (for a view, the length of the checkpoint file).</summary>
    public long FileLength { get; }

    /// <summary>
    /// Where the tensor bytes start in the file at <see cref="Path"/>, for its hashes (the tensor-bytes SHA-256 hashes
    /// the file from here on): <c>8 + N</c>. For a view of a pickle checkpoint it is 0: that file has no separate data
    /// buffer, so the whole file is what identifies its tensors.
    /// </summary>
    public long DataOffset { get; }

    /// <summary>Whether this is a pickle checkpoint presented in the layout of its conversion, not a safetensors file on disk.</summary>
    public bool IsView { get; private init; }

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
            FileTensorData.ReadExactly(handle, fileStart, 0, fullPath);
            var header = SafetensorsHeaderParser.Parse(fileStart, fileLength, fullPath);
            return new SafetensorsFile(
                fullPath, new FileTensorData(handle, header.DataOffset, fullPath), fileLength, header.DataOffset, header, fileLength - header.DataOffset);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>
    /// A view: <paramref name="header"/> describes a data buffer that <paramref name="data"/> produces (tensors tiling it
    /// in data order), for the file at <paramref name="path"/> of <paramref name="fileLength"/> bytes. Takes ownership
    /// of <paramref name="data"/>.
    /// </summary>
    internal static SafetensorsFile OpenView(string path, long fileLength, SafetensorsHeader header, ITensorDataSource data) =>
        new(path, data, fileLength, dataOffset: 0, header, header.Tensors.Count == 0 ? 0 : header.Tensors[^1].End) { IsView = true };

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
        ObjectDisposedException.ThrowIf(disposed, this);
        data.Read(tensor.Begin + offset, destination);
    }

    /// <summary>The open file and its data offset, for a file on disk (not a <see cref="IsView"/>).</summary>
    internal bool TryGetFile([NotNullWhen(true)] out SafeFileHandle? handle, out long dataOffset)
    {
        if (data is FileTensorData file)
        {
            (handle, dataOffset) = (file.Handle, file.DataOffset);
            return true;
        }

        (handle, dataOffset) = (null, 0);
        return false;
    }

    /// <summary>Reads raw bytes of the data buffer, from <paramref name="dataPosition"/> bytes after its start (the header's end).</summary>
    public void ReadData(long dataPosition, Span<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(dataPosition);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(dataPosition + destination.Length, dataLength, nameof(destination));
        ObjectDisposedException.ThrowIf(disposed, this);
        data.Read(dataPosition, destination);
    }

    /// <summary>A read-only, seekable stream over the bytes of <paramref name="tensor"/>; valid while this file is open.</summary>
    public Stream OpenTensorStream(TensorInfo tensor)
    {
        ThrowIfForeign(tensor);
        return new TensorReadStream(this, tensor);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        disposed = true;
        data.Dispose();
    }

    private void ThrowIfForeign(TensorInfo tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        if (!TryGetTensor(tensor.Name, out var own) || !own.Equals(tensor))
        {
            throw new ArgumentException($"Tensor '{tensor.Name}' is not an entry of {Path}.", nameof(tensor));
        }
    }
}
