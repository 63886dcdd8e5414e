using System.Buffers;
using System.Buffers.Binary;
using System.IO.Hashing;
using Microsoft.Win32.SafeHandles;

namespace QuickFix.Checkpoints;

/// <summary>
/// Writes a copy of a safetensors file in which some tensors' bytes are replaced (same dtype and shape) and the
/// <c>__metadata__</c> is new. Every other byte of the data buffer is copied verbatim and the tensors keep their
/// offsets: unchanged runs are copied by the kernel as <c>cp</c> copies (where it can), while the same bytes are read
/// once to be hashed; the output is never read back.
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
            var output = file.SafeFileHandle;
            var dataStart = (long)prefixAndHeader.Length;
            using var hasher = new BlockHasher(dataStart);
            RandomAccess.Write(output, prefixAndHeader, 0);
            hasher.Hash(prefixAndHeader, tensor: null);

            // The unchanged runs of tensors are copied by the kernel (as cp does) while this thread reads the same
            // bytes once, from the page cache, to hash them: the output is hashed as written, never read back.
            var kernelCopy = CopyUnchangedRuns(source, replaced, output, dataStart, destinationPath, cancellationToken);

            // Tensors in data order tile the buffer (the reader checked it), so taking them one by one hashes every
            // byte once, and each gets its fingerprint on the way.
            foreach (var tensor in source.Tensors)
            {
                if (replaced.TryGetValue(tensor.Name, out var bytes))
                {
                    RandomAccess.Write(output, bytes.Span, dataStart + tensor.Begin);
                    hasher.Hash(bytes, tensor.Name);
                }
                else if (tensor.Begin == tensor.End)
                {
                    hasher.Hash(ReadOnlyMemory<byte>.Empty, tensor.Name);
                }
                else
                {
                    for (var position = tensor.Begin; position < tensor.End;)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        var block = hasher.NextBuffer((int)Math.Min(CopyChunkSize, tensor.End - position));
                        source.ReadData(position, block.Span);
                        if (kernelCopy is null)
                        {
                            RandomAccess.Write(output, block.Span, dataStart + position);
                        }

                        position += block.Length;
                        hasher.Hash(block, position == tensor.End ? tensor.Name : null, continuesTensor: true);
                    }
                }
            }

            kernelCopy?.GetAwaiter().GetResult();
            return hasher.Finish(digests);
        });
        return new RewriteResult(hashes, digests);
    }

    /// <summary>
    /// Starts the kernel-side copy of every run of unchanged tensors (<see cref="KernelCopy"/>) on another thread, or
    /// returns null where that is not possible (a <c>.ckpt</c> view, another OS, a refused pair of files): the caller
    /// then writes the bytes it reads.
    /// </summary>
    private static Task? CopyUnchangedRuns(
        SafetensorsFile source,
        Dictionary<string, ReadOnlyMemory<byte>> replaced,
        SafeFileHandle output,
        long dataStart,
        string destinationPath,
        CancellationToken cancellationToken)
    {
        if (!source.TryGetFile(out var input, out var inputDataStart))
        {
            return null;
        }

        var runs = new List<(long Begin, long End)>();
        foreach (var tensor in source.Tensors.Where(t => !replaced.ContainsKey(t.Name) && t.End > t.Begin))
        {
            if (runs.Count > 0 && runs[^1].End == tensor.Begin)
            {
                runs[^1] = (runs[^1].Begin, tensor.End);
            }
            else
            {
                runs.Add((tensor.Begin, tensor.End));
            }
        }

        if (runs.Count == 0)
        {
            return Task.CompletedTask;
        }

        // The first run decides: where the kernel refuses it, everything goes through memory.
        var (begin, end) = runs[0];
        if (!KernelCopy.TryCopy(input, inputDataStart + begin, output, dataStart + begin, end - begin, destinationPath, cancellationToken))
        {
            return null;
        }

        return Task.Run(
            () =>
            {
                foreach (var (from, to) in runs.Skip(1))
                {
                    if (!KernelCopy.TryCopy(input, inputDataStart + from, output, dataStart + from, to - from, destinationPath, cancellationToken))
                    {
                        throw new IOException($"The kernel refused to copy bytes {from}..{to} of {source.Path} into {destinationPath} after copying others.");
                    }
                }
            },
            cancellationToken);
    }

    /// <summary>
    /// Hashes blocks in order, each while the next is read: two buffers alternate, and the hashing of block k (the
    /// file's SHA-256 on one core, the tensor bytes' SHA-256 and the XxHash128 fingerprints on another) runs while
    /// block k + 1 is read (and written). A block's hashing starts only after the previous block's has finished.
    /// </summary>
    private sealed class BlockHasher : IDisposable
    {
        private readonly CheckpointHashAccumulator hashes;
        private readonly XxHash128 tensorHash = new();
        private readonly byte[][] buffers = [ArrayPool<byte>.Shared.Rent(CopyChunkSize), ArrayPool<byte>.Shared.Rent(CopyChunkSize)];
        private readonly List<(string Name, string Digest)> finished = [];
        private Task hashing = Task.CompletedTask;
        private int next;

        public BlockHasher(long dataOffset) => hashes = new CheckpointHashAccumulator(dataOffset);

        /// <summary>The buffer to read the next block into; the block hashed two calls ago has released it.</summary>
        public Memory<byte> NextBuffer(int length)
        {
            var buffer = buffers[next];
            next ^= 1;
            return buffer.AsMemory(0, length);
        }

        /// <summary>
        /// Hashes <paramref name="block"/> in the background; <paramref name="tensor"/> names the tensor the block
        /// completes (its fingerprint is taken then). A block that is not one of <see cref="NextBuffer"/>'s must stay
        /// unchanged until <see cref="Finish"/>.
        /// </summary>
        public void Hash(ReadOnlyMemory<byte> block, string? tensor, bool continuesTensor = false)
        {
            hashing.GetAwaiter().GetResult();
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
