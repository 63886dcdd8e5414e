using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace QuickFix.Checkpoints;

/// <summary>
/// Collects tensors and metadata, then writes one safetensors file in the layout of the safetensors crate's
/// <c>prepare()</c>. Tensors taken from an open <see cref="SafetensorsFile"/> are copied byte for byte in ranged chunks
/// (never loaded whole), so an edited checkpoint differs from its base only in replaced tensors and the header.
/// </summary>
/// <remarks>
/// Output is deterministic: tensors are sorted by descending dtype alignment in the crate's <c>Dtype</c> enum order
/// (the order of <see cref="SafetensorsDType"/>; I64 before F64), then by name in UTF-8 byte order; offsets are
/// contiguous; the header is compact JSON with <c>__metadata__</c> first (omitted when empty, entries in insertion
/// order), space-padded so that the data starts 8-byte aligned.
/// </remarks>
public sealed class SafetensorsWriter
{
    private const int CopyChunkSize = 4 * 1024 * 1024;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly List<PendingTensor> tensors = [];
    private readonly HashSet<string> names = new(StringComparer.Ordinal);
    private readonly OrderedDictionary<string, string> metadata = new(StringComparer.Ordinal);

    /// <summary>The <c>__metadata__</c> entries, written in insertion order; omitted from the file when empty.</summary>
    public IDictionary<string, string> Metadata => metadata;

    /// <summary>The number of tensors added so far.</summary>
    public int Count => tensors.Count;

    /// <summary>
    /// Adds a tensor from raw little-endian, row-major bytes. The bytes are read when the file is written, so they must
    /// not change until then.
    /// </summary>
    /// <exception cref="ArgumentException">The name is taken, reserved or not valid Unicode, or the byte count does not match dtype and shape.</exception>
    public void Add(string name, SafetensorsDType dtype, IReadOnlyList<long> shape, ReadOnlyMemory<byte> data)
    {
        var tensor = Prepare(name, dtype, shape);
        if (data.Length != tensor.ByteLength)
        {
            throw new ArgumentException(
                $"Tensor '{name}' ({dtype} [{string.Join(", ", tensor.Shape)}]) needs {tensor.ByteLength} bytes, not {data.Length}.", nameof(data));
        }

        Accept(tensor with { Bytes = data });
    }

    /// <summary>
    /// Adds a tensor whose bytes <paramref name="writeData"/> streams at write time: it must write exactly the byte length
    /// of <paramref name="dtype"/> and <paramref name="shape"/>. For synthesizing large tensors without holding them.
    /// </summary>
    /// <exception cref="ArgumentException">The name is taken, reserved or not valid Unicode.</exception>
    public void Add(string name, SafetensorsDType dtype, IReadOnlyList<long> shape, Action<Stream> writeData)
    {
        ArgumentNullException.ThrowIfNull(writeData);
        Accept(Prepare(name, dtype, shape) with { Producer = writeData });
    }

    /// <summary>
    /// Adds <paramref name="tensor"/> of <paramref name="source"/>, copied verbatim at write time, optionally under another
    /// <paramref name="name"/> (layout conversion). <paramref name="source"/> must stay open until the file is written.
    /// </summary>
    /// <exception cref="ArgumentException">The tensor is not an entry of the source, or the name is taken or reserved.</exception>
    public void AddFrom(SafetensorsFile source, TensorInfo tensor, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(tensor);
        if (!source.TryGetTensor(tensor.Name, out var own) || !own.Equals(tensor))
        {
            throw new ArgumentException($"Tensor '{tensor.Name}' is not an entry of {source.Path}.", nameof(tensor));
        }

        Accept(Prepare(name ?? tensor.Name, tensor.DType, tensor.Shape) with { Source = source, SourceTensor = tensor });
    }

    /// <summary>Writes the file to <paramref name="destination"/>.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled (checked between chunks).</exception>
    /// <exception cref="InvalidOperationException">A producer wrote the wrong number of bytes.</exception>
    public void WriteTo(Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var (header, ordered) = Layout();
        using var hashing = new HashingWriteStream(destination, header.Length, leaveOpen: true);
        WriteLayout(hashing, header, ordered, cancellationToken);
    }

    /// <summary>
    /// Writes the file crash-safely: to a temporary file in the destination folder, hashed while written, flushed to
    /// disk, then renamed over <paramref name="path"/>. A failed or cancelled write leaves any previous file intact.
    /// Writing over a source file is safe: the source keeps reading the old file through its open handle.
    /// </summary>
    /// <returns>The hashes of the file as written.</returns>
    public FileHashes WriteFile(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var (header, ordered) = Layout();
        return AtomicFile.Write(path, file =>
        {
            using var hashing = new HashingWriteStream(file, header.Length, leaveOpen: true);
            WriteLayout(hashing, header, ordered, cancellationToken);
            return hashing.GetHashes();
        });
    }

    /// <summary>Sorts the tensors, assigns offsets and serializes the length prefix plus header.</summary>
    private (byte[] PrefixAndHeader, List<PendingTensor> Ordered) Layout()
    {
        foreach (var (key, value) in metadata)
        {
            _ = ToUtf8(key, nameof(Metadata));
            _ = ToUtf8(value, nameof(Metadata));
        }

        var ordered = tensors
            .Order(Comparer<PendingTensor>.Create(static (left, right) => CompareDataOrder(left.DType, left.Utf8Name, right.DType, right.Utf8Name)))
            .ToList();

        var entries = new List<TensorInfo>(ordered.Count);
        long offset = 0;
        foreach (var tensor in ordered)
        {
            entries.Add(new TensorInfo(tensor.Name, tensor.DType, tensor.Shape, offset, offset + tensor.ByteLength));
            offset += tensor.ByteLength;
        }

        var json = SafetensorsHeaderWriter.Write(metadata, entries);
        var prefixAndHeader = new byte[SafetensorsHeaderParser.LengthPrefixSize + json.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(prefixAndHeader, (ulong)json.Length);
        json.CopyTo(prefixAndHeader, SafetensorsHeaderParser.LengthPrefixSize);
        return (prefixAndHeader, ordered);
    }

    /// <summary>The data order of a written file: descending dtype alignment (the crate's enum order), then UTF-8 name.</summary>
    internal static int CompareDataOrder(SafetensorsDType leftType, ReadOnlySpan<byte> leftName, SafetensorsDType rightType, ReadOnlySpan<byte> rightName)
    {
        var byAlignment = rightType.CompareTo(leftType);
        return byAlignment != 0 ? byAlignment : leftName.SequenceCompareTo(rightName);
    }

    private static void WriteLayout(HashingWriteStream destination, byte[] prefixAndHeader, List<PendingTensor> ordered, CancellationToken cancellationToken)
    {
        destination.WriteBlock(prefixAndHeader);
        var buffer = ArrayPool<byte>.Shared.Rent(CopyChunkSize);
        try
        {
            foreach (var tensor in ordered)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (tensor.Source is not null)
                {
                    for (long done = 0; done < tensor.ByteLength;)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        var chunk = buffer.AsMemory(0, (int)Math.Min(CopyChunkSize, tensor.ByteLength - done));
                        tensor.Source.ReadBytes(tensor.SourceTensor!, done, chunk.Span);
                        destination.WriteBlock(chunk);
                        done += chunk.Length;
                    }
                }
                else if (tensor.Producer is not null)
                {
                    var before = destination.Position;
                    tensor.Producer(destination);
                    var written = destination.Position - before;
                    if (written != tensor.ByteLength)
                    {
                        throw new InvalidOperationException(
                            $"The producer of tensor '{tensor.Name}' wrote {written} bytes; {tensor.DType} [{string.Join(", ", tensor.Shape)}] needs {tensor.ByteLength}.");
                    }
                }
                else
                {
                    destination.WriteBlock(tensor.Bytes);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private PendingTensor Prepare(string name, SafetensorsDType dtype, IReadOnlyList<long> shape)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(shape);
        if (name == SafetensorsHeaderParser.MetadataKey)
        {
            throw new ArgumentException($"'{name}' is reserved for metadata.", nameof(name));
        }

        if (names.Contains(name))
        {
            throw new ArgumentException($"A tensor named '{name}' was already added.", nameof(name));
        }

        var dimensions = shape.ToArray();
        if (dimensions.Any(dimension => dimension < 0))
        {
            throw new ArgumentException($"Tensor '{name}' has a negative dimension: [{string.Join(", ", dimensions)}].", nameof(shape));
        }

        var bits = checked(dimensions.Aggregate(1L, static (count, dimension) => checked(count * dimension)) * dtype.BitSize());
        if (bits % 8 != 0)
        {
            throw new ArgumentException($"Tensor '{name}' ({dtype} [{string.Join(", ", dimensions)}]) does not fill whole bytes.", nameof(shape));
        }

        return new PendingTensor(name, ToUtf8(name, nameof(name)), dtype, dimensions, bits / 8);
    }

    private void Accept(PendingTensor tensor)
    {
        names.Add(tensor.Name);
        tensors.Add(tensor);
    }

    /// <summary>UTF-8 bytes of <paramref name="text"/>; a lone surrogate, which UTF-8 cannot hold, is an argument error.</summary>
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

    /// <summary>A tensor to write, from exactly one of: in-memory bytes, a producer, or a tensor of an open source file.</summary>
    private sealed record PendingTensor(string Name, byte[] Utf8Name, SafetensorsDType DType, long[] Shape, long ByteLength)
    {
        public ReadOnlyMemory<byte> Bytes { get; init; }

        public Action<Stream>? Producer { get; init; }

        public SafetensorsFile? Source { get; init; }

        public TensorInfo? SourceTensor { get; init; }
    }
}
