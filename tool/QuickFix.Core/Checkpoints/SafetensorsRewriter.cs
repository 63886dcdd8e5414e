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
            using var pipeline = new HashingCopy(file, prefixAndHeader.Length);
            pipeline.Write(prefixAndHeader, tensor: null);

            // Tensors in data order tile the buffer (the reader checked it), so copying them one by one copies every
            // byte once, and each gets its fingerprint on the way.
            foreach (var tensor in source.Tensors)
            {
                if (replaced.TryGetValue(tensor.Name, out var bytes))
                {
                    pipeline.Write(bytes, tensor.Name);
                }
                else if (tensor.Begin == tensor.End)
                {
                    pipeline.Write(ReadOnlyMemory<byte>.Empty, tensor.Name);
                }
                else
                {
                    for (var position = tensor.Begin; position < tensor.End;)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        var block = pipeline.NextBuffer((int)Math.Min(CopyChunkSize, tensor.End - position));
                        source.ReadData(position, block.Span);
                        position += block.Length;
                        pipeline.Write(block, position == tensor.End ? tensor.Name : null, continuesTensor: true);
                    }
                }
            }

            return pipeline.Finish(digests);
        });
        return new RewriteResult(hashes, digests);
    }

    /// <summary>
    /// Writes blocks in order and hashes each while the next is read and written: two buffers alternate, and the
    /// hashing of block k (the file's SHA-256 on one core, the tensor bytes' SHA-256 and the XxHash128 fingerprints
    /// on another) runs while block k + 1 is read and written. Hashing stays in write order because a block's hashing
    /// starts only after the previous block's has finished.
    /// </summary>
    private sealed class HashingCopy : IDisposable
    {
        private readonly Stream destination;
        private readonly CheckpointHashAccumulator hashes;
        private readonly XxHash128 tensorHash = new();
        private readonly byte[][] buffers = [ArrayPool<byte>.Shared.Rent(CopyChunkSize), ArrayPool<byte>.Shared.Rent(CopyChunkSize)];
        private readonly List<(string Name, string Digest)> finished = [];
        private Task hashing = Task.CompletedTask;
        private int next;

        public HashingCopy(Stream destination, long dataOffset)
        {
            this.destination = destination;
            hashes = new CheckpointHashAccumulator(dataOffset);
        }

        /// <summary>The buffer to read the next block into; the block hashed two writes ago has released it.</summary>
        public Memory<byte> NextBuffer(int length)
        {
            var buffer = buffers[next];
            next ^= 1;
            return buffer.AsMemory(0, length);
        }

        /// <summary>
        /// Writes <paramref name="block"/> and hashes it in the background; <paramref name="tensor"/> names the tensor
        /// the block completes (its fingerprint is taken then). A block that is not one of <see cref="NextBuffer"/>'s
        /// must stay unchanged until <see cref="Finish"/>.
        /// </summary>
        public void Write(ReadOnlyMemory<byte> block, string? tensor, bool continuesTensor = false)
        {
            hashing.GetAwaiter().GetResult();
            destination.Write(block.Span);
            var isTensorBytes = tensor is not null || continuesTensor;
            hashing = Task.Run(() =>
            {
                hashes.Append(block);
                if (isTensorBytes)
                {
                    tensorHash.Append(block.Span);
                }

                if (tensor is not null)
                {
                    finished.Add((tensor, Convert.ToHexStringLower(tensorHash.GetHashAndReset())));
                }
            });
        }

        /// <summary>Waits for the last block's hashing; fills <paramref name="digests"/> and returns the file's hashes.</summary>
        public FileHashes Finish(SortedDictionary<string, string> digests)
        {
            hashing.GetAwaiter().GetResult();
            foreach (var (name, digest) in finished)
            {
                digests[name] = digest;
            }

            return hashes.Finish();
        }

        public void Dispose()
        {
            // A failed write may leave a block's hashing running on a rented buffer: let it end first.
            try
            {
                hashing.Wait();
            }
            catch (AggregateException)
            {
                // The failure that matters is the write's, already on its way out.
            }

            hashes.Dispose();
            foreach (var buffer in buffers)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }
}
