using Microsoft.Win32.SafeHandles;

namespace QuickFix.Checkpoints;

/// <summary>
/// An open safetensors file: its validated header, and positional reads of single tensors. Nothing but the header
/// is read up front; each tensor read is one ranged read of exactly its bytes, so editing one matrix of a multi-GB
/// checkpoint never loads the rest. Reads are positional, so one instance may serve several threads.
/// </summary>
public sealed class SafetensorsFile : IDisposable
{
    private readonly SafeFileHandle handle;

    private SafetensorsFile(string path, SafeFileHandle handle, SafetensorsHeader header)
    {
        Path = path;
        this.handle = handle;
        Header = header;
    }

    /// <summary>The full path of the file.</summary>
    public string Path { get; }

    /// <summary>The validated header.</summary>
    public SafetensorsHeader Header { get; }

    /// <summary>The tensor entries, in data order.</summary>
    public IReadOnlyList<SafetensorsTensorInfo> Tensors => Header.Tensors;

    /// <summary>Opens <paramref name="path"/> for reading and validates its header.</summary>
    /// <exception cref="SafetensorsFormatException">The file breaks the format.</exception>
    /// <exception cref="IOException">The file cannot be opened.</exception>
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
            var json = new byte[headerLength];
            ReadExactly(handle, json, SafetensorsHeaderParser.LengthPrefixSize, fullPath);
            var header = SafetensorsHeaderParser.Parse(json, fileLength, fullPath);
            return new SafetensorsFile(fullPath, handle, header);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>Returns the tensor entry called <paramref name="name"/>.</summary>
    /// <exception cref="SafetensorsFormatException">No such tensor.</exception>
    public SafetensorsTensorInfo GetTensor(string name) => Header.GetTensor(name);

    /// <summary>Reads the raw little-endian bytes of the tensor called <paramref name="name"/> into a new array.</summary>
    /// <exception cref="SafetensorsFormatException">No such tensor.</exception>
    public byte[] ReadTensorBytes(string name)
    {
        var tensor = GetTensor(name);
        if (tensor.ByteLength > Array.MaxLength)
        {
            throw new InvalidOperationException(
                $"Tensor '{name}' is {tensor.ByteLength} bytes, more than one array holds; read it in ranges with ReadTensorBytes(tensor, offset, destination).");
        }

        var bytes = new byte[tensor.ByteLength];
        ReadTensorBytes(tensor, 0, bytes);
        return bytes;
    }

    /// <summary>
    /// Reads <c>destination.Length</c> raw bytes of <paramref name="tensor"/>, starting <paramref name="offset"/> bytes into
    /// its data.
    /// </summary>
    /// <param name="tensor">An entry of this file's <see cref="Header"/>.</param>
    /// <param name="offset">Byte offset within the tensor's data.</param>
    /// <param name="destination">Receives the bytes; the range must lie within the tensor.</param>
    public void ReadTensorBytes(SafetensorsTensorInfo tensor, long offset, Span<byte> destination)
    {
        ThrowIfForeign(tensor);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(offset + destination.Length, tensor.ByteLength, nameof(destination));
        ObjectDisposedException.ThrowIf(handle.IsClosed, this);
        ReadExactly(handle, destination, Header.DataOffset + tensor.DataBegin + offset, Path);
    }

    /// <inheritdoc/>
    public void Dispose() => handle.Dispose();

    private void ThrowIfForeign(SafetensorsTensorInfo tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        if (!Header.TryGetTensor(tensor.Name, out var own) || !own.Equals(tensor))
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
