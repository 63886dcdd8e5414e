using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Collections.ObjectModel;
using System.Text;

namespace QuickFix.Checkpoints;

/// <summary>
/// Collects tensors and metadata, then writes one safetensors file. Tensors taken from an open
/// <see cref="SafetensorsFile"/> are copied byte for byte in ranged chunks (never loaded whole), so an edited
/// checkpoint differs from its base only in the tensors that were replaced and in the header.
/// </summary>
/// <remarks>
/// Output is deterministic: tensors are laid out by descending element size, then by name (UTF-8 byte order), the
/// header is compact JSON padded with spaces to a multiple of 8 bytes, and metadata keeps insertion order. This is
/// the safetensors crate's <c>prepare()</c> layout, except that the crate ranks dtypes by its enum order (I64 after
/// F64) where this ranks them by size, as the project's reference fixtures do; both keep every tensor aligned.
/// </remarks>
public sealed class SafetensorsWriter
{
    private const int CopyChunkSize = 4 * 1024 * 1024;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly List<PendingTensor> tensors = [];
    private readonly HashSet<string> names = new(StringComparer.Ordinal);
    private readonly OrderedDictionary<string, string> metadata = new(StringComparer.Ordinal);

    /// <summary>Creates an empty writer.</summary>
    public SafetensorsWriter()
    {
        Metadata = new ReadOnlyDictionary<string, string>(metadata);
    }

    /// <summary>The <c>__metadata__</c> entries so far, in the order they will be written.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>The number of tensors added so far.</summary>
    public int Count => tensors.Count;

    /// <summary>Sets a <c>__metadata__</c> entry; a new key goes last, an existing key keeps its place.</summary>
    public void SetMetadata(string key, string value)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        _ = ToUtf8(key, nameof(key));
        _ = ToUtf8(value, nameof(value));
        metadata[key] = value;
    }

    /// <summary>
    /// Adds a tensor from raw little-endian, row-major bytes. The bytes are read when the file is written, so they must
    /// not change until then.
    /// </summary>
    /// <exception cref="ArgumentException">The name is taken or reserved, or the byte count does not match dtype and shape.</exception>
    public void AddTensor(string name, SafetensorsDType dtype, IReadOnlyList<long> shape, ReadOnlyMemory<byte> data)
    {
        ArgumentNullException.ThrowIfNull(shape);
        var dimensions = shape.ToImmutableArray();
        var expected = ByteLength(name, dtype, dimensions);
        if (data.Length != expected)
        {
            throw new ArgumentException(
                $"Tensor '{name}' ({dtype} [{string.Join(", ", dimensions)}]) needs {expected} bytes, not {data.Length}.", nameof(data));
        }

        Add(new PendingTensor(name, ToUtf8(name, nameof(name)), dtype, dimensions, expected, data, null, null));
    }

    /// <summary>
    /// Adds the tensor <paramref name="sourceName"/> of <paramref name="source"/>, to be copied verbatim (optionally under
    /// another name, for layout conversion). <paramref name="source"/> must stay open until the file is written.
    /// </summary>
    /// <exception cref="SafetensorsFormatException">The source has no such tensor.</exception>
    /// <exception cref="ArgumentException">The name is taken or reserved.</exception>
    public void CopyTensor(SafetensorsFile source, string sourceName, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        var tensor = source.GetTensor(sourceName);
        name ??= tensor.Name;
        var length = ByteLength(name, tensor.DType, tensor.Shape);
        Add(new PendingTensor(name, ToUtf8(name, nameof(name)), tensor.DType, tensor.Shape, length, ReadOnlyMemory<byte>.Empty, source, tensor));
    }

    /// <summary>Writes the file to <paramref name="destination"/> and returns its hashes, computed while writing.</summary>
    public CheckpointFileHashes WriteTo(Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var ordered = tensors
            .Order(Comparer<PendingTensor>.Create(static (left, right) =>
            {
                var bySize = right.DType.BitSize().CompareTo(left.DType.BitSize());
                return bySize != 0 ? bySize : left.Utf8Name.AsSpan().SequenceCompareTo(right.Utf8Name);
            }))
            .ToList();

        var entries = new List<SafetensorsTensorInfo>(ordered.Count);
        long offset = 0;
        foreach (var tensor in ordered)
        {
            entries.Add(new SafetensorsTensorInfo(tensor.Name, tensor.DType, tensor.Shape, offset, offset + tensor.ByteLength));
            offset += tensor.ByteLength;
        }

        var header = SafetensorsHeaderWriter.Write(metadata, entries);
        using var hashes = new CheckpointHashAccumulator(SafetensorsHeaderParser.LengthPrefixSize + header.Length);
        var prefix = new byte[SafetensorsHeaderParser.LengthPrefixSize];
        BinaryPrimitives.WriteUInt64LittleEndian(prefix, (ulong)header.Length);
        Emit(prefix);
        Emit(header);

        var buffer = ArrayPool<byte>.Shared.Rent(CopyChunkSize);
        try
        {
            foreach (var tensor in ordered)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (tensor.Source is null)
                {
                    Emit(tensor.Bytes);
                    continue;
                }

                for (long done = 0; done < tensor.ByteLength;)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var chunk = buffer.AsMemory(0, (int)Math.Min(CopyChunkSize, tensor.ByteLength - done));
                    tensor.Source.ReadTensorBytes(tensor.SourceTensor!, done, chunk.Span);
                    Emit(chunk);
                    done += chunk.Length;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return hashes.Finish();

        void Emit(ReadOnlyMemory<byte> bytes)
        {
            destination.Write(bytes.Span);
            hashes.Append(bytes);
        }
    }

    /// <summary>
    /// Writes the file crash-safely: to a temporary file in the destination folder, flushed to disk, then renamed over
    /// <paramref name="path"/>. A failed or cancelled write leaves any previous file at <paramref name="path"/> intact.
    /// Writing over one of the source files is safe: sources keep reading the old file through their open handle.
    /// </summary>
    /// <returns>The hashes of the file as written.</returns>
    public CheckpointFileHashes WriteFile(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var fullPath = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(fullPath)!;
        Directory.CreateDirectory(directory);
        var temporary = Path.Combine(directory, $".{Path.GetFileName(fullPath)}.{Guid.NewGuid():N}.tmp");
        var renamed = false;
        try
        {
            CheckpointFileHashes hashes;
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1 << 20))
            {
                hashes = WriteTo(stream, cancellationToken);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, fullPath, overwrite: true);
            renamed = true;
            return hashes;
        }
        finally
        {
            if (!renamed)
            {
                File.Delete(temporary);
            }
        }
    }

    private long ByteLength(string name, SafetensorsDType dtype, ImmutableArray<long> shape)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name == SafetensorsHeaderParser.MetadataKey)
        {
            throw new ArgumentException($"'{name}' is reserved for metadata.", nameof(name));
        }

        if (names.Contains(name))
        {
            throw new ArgumentException($"A tensor named '{name}' was already added.", nameof(name));
        }

        if (shape.Any(dimension => dimension < 0))
        {
            throw new ArgumentException($"Tensor '{name}' has a negative dimension: [{string.Join(", ", shape)}].", nameof(shape));
        }

        var bits = checked(shape.Aggregate(1L, (count, dimension) => checked(count * dimension)) * dtype.BitSize());
        if (bits % 8 != 0)
        {
            throw new ArgumentException($"Tensor '{name}' ({dtype} [{string.Join(", ", shape)}]) does not fill whole bytes.", nameof(shape));
        }

        return bits / 8;
    }

    /// <summary>UTF-8 bytes of <paramref name="text"/>; a lone surrogate, which UTF-8 cannot hold, is refused now rather than at write time.</summary>
    private static byte[] ToUtf8(string text, string parameterName)
    {
        try
        {
            return StrictUtf8.GetBytes(text);
        }
        catch (EncoderFallbackException exception)
        {
            throw new ArgumentException($"'{text}' is not valid Unicode text (it has a lone surrogate).", parameterName, exception);
        }
    }

    private void Add(PendingTensor tensor)
    {
        names.Add(tensor.Name);
        tensors.Add(tensor);
    }

    /// <summary>A tensor to write: either in-memory <see cref="Bytes"/> or a tensor of an open source file.</summary>
    private sealed record PendingTensor(
        string Name,
        byte[] Utf8Name,
        SafetensorsDType DType,
        ImmutableArray<long> Shape,
        long ByteLength,
        ReadOnlyMemory<byte> Bytes,
        SafetensorsFile? Source,
        SafetensorsTensorInfo? SourceTensor);
}
