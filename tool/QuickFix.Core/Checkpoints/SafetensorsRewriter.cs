using System.Buffers;
using System.Buffers.Binary;
using System.IO.Hashing;

namespace QuickFix.Checkpoints;

/// <summary>
/// Writes a copy of a safetensors file in which some tensors' bytes are replaced (same dtype and shape) and the
/// <c>__metadata__</c> is new. Every other byte of the data buffer is copied verbatim and the tensors keep their
/// offsets, so the buffer is streamed in one sequential pass (as fast as a file copy), hashed while written.
/// </summary>
public static class SafetensorsRewriter
{
    private const int CopyChunkSize = 4 << 20;

    /// <summary>Rewrites <paramref name="source"/> to <paramref name="destinationPath"/> atomically; returns its hashes and tensor fingerprints.</summary>
    /// <exception cref="ArgumentException">A replacement names no tensor of the file or has another byte length.</exception>
    public static RewriteResult Rewrite(
        SafetensorsFile source,
        IReadOnlyDictionary<string, ReadOnlyMemory<byte>> replacements,
        IEnumerable<KeyValuePair<string, string>> metadata,
        string destinationPath,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(replacements);
        ArgumentNullException.ThrowIfNull(metadata);
        var patches = replacements
            .Select(pair => (Tensor: source.TryGetTensor(pair.Key, out var info)
                    ? info
                    : throw new ArgumentException($"{source.Path} has no tensor '{pair.Key}' to replace.", nameof(replacements)),
                Bytes: pair.Value))
            .OrderBy(patch => patch.Tensor.Begin)
            .ToArray();
        foreach (var (tensor, bytes) in patches)
        {
            if (bytes.Length != tensor.ByteLength)
            {
                throw new ArgumentException(
                    $"Replacement for '{tensor.Name}' has {bytes.Length} bytes; {tensor.DType.ToName()} [{string.Join(", ", tensor.Shape)}] needs {tensor.ByteLength}.",
                    nameof(replacements));
            }
        }

        var json = SafetensorsHeaderWriter.Write(metadata, source.Tensors);
        var prefixAndHeader = new byte[SafetensorsHeaderParser.LengthPrefixSize + json.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(prefixAndHeader, (ulong)json.Length);
        json.CopyTo(prefixAndHeader, SafetensorsHeaderParser.LengthPrefixSize);

        var digests = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var replaced = patches.ToDictionary(patch => patch.Tensor.Name, patch => patch.Bytes, StringComparer.Ordinal);
        var hashes = AtomicFile.Write(destinationPath, file =>
        {
            using var hashing = new HashingWriteStream(file, prefixAndHeader.Length, leaveOpen: true);
            hashing.Write(prefixAndHeader);
            var buffer = ArrayPool<byte>.Shared.Rent(CopyChunkSize);
            var tensorHash = new XxHash128();
            try
            {
                // Tensors in data order tile the buffer (the reader checked it), so copying them one by one copies
                // every byte once, and each gets its fingerprint on the way.
                foreach (var tensor in source.Tensors)
                {
                    if (replaced.TryGetValue(tensor.Name, out var bytes))
                    {
                        hashing.WriteBlock(bytes);
                        tensorHash.Append(bytes.Span);
                    }
                    else
                    {
                        CopyRange(source, tensor.Begin, tensor.End, buffer, hashing, tensorHash, cancellationToken);
                    }

                    digests[tensor.Name] = Convert.ToHexStringLower(tensorHash.GetHashAndReset());
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }

            return hashing.GetHashes();
        });
        return new RewriteResult(hashes, digests);
    }

    private static void CopyRange(
        SafetensorsFile source, long from, long to, byte[] buffer, HashingWriteStream destination, XxHash128 tensorHash, CancellationToken cancellationToken)
    {
        for (var position = from; position < to;)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var chunk = buffer.AsSpan(0, (int)Math.Min(buffer.Length, to - position));
            source.ReadData(position, chunk);
            // Whole blocks let the two SHA-256 streams run on two cores.
            destination.WriteBlock(buffer.AsMemory(0, chunk.Length));
            tensorHash.Append(chunk);
            position += chunk.Length;
        }
    }
}
