using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;

namespace QuickFix.Checkpoints;

/// <summary>Computes the manifest's fingerprints of files and of single tensors, streaming (constant memory).</summary>
public static class CheckpointHasher
{
    private const int ChunkSize = 4 * 1024 * 1024;

    /// <summary>
    /// Hashes <paramref name="path"/> in one sequential pass. When the file is named <c>*.safetensors</c> and its
    /// length prefix is plausible, <see cref="CheckpointFileHashes.TensorDataSha256"/> is set too. The header is not
    /// validated here, so that <c>verify</c> reports a damaged file as a hash mismatch rather than a parse error.
    /// </summary>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static CheckpointFileHashes HashFile(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.SequentialScan);
        using var accumulator = new CheckpointHashAccumulator(FindTensorDataOffset(stream, path));
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
        try
        {
            int read;
            while ((read = stream.ReadAtLeast(buffer.AsSpan(0, ChunkSize), ChunkSize, throwOnEndOfStream: false)) > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                accumulator.Append(buffer.AsMemory(0, read));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return accumulator.Finish();
    }

    /// <summary>SHA-256 (lowercase hex) of the raw bytes of one tensor, for the manifest's changed-tensor entries.</summary>
    /// <exception cref="SafetensorsFormatException">The file has no such tensor.</exception>
    public static string HashTensor(SafetensorsFile file, string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(file);
        var tensor = file.GetTensor(name);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(ChunkSize, Math.Max(tensor.ByteLength, 1)));
        try
        {
            for (long done = 0; done < tensor.ByteLength;)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var chunk = buffer.AsSpan(0, (int)Math.Min(buffer.Length, tensor.ByteLength - done));
                file.ReadTensorBytes(tensor, done, chunk);
                sha.AppendData(chunk);
                done += chunk.Length;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    private static long? FindTensorDataOffset(FileStream stream, string path)
    {
        if (!path.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase) || stream.Length < SafetensorsHeaderParser.LengthPrefixSize)
        {
            return null;
        }

        Span<byte> prefix = stackalloc byte[SafetensorsHeaderParser.LengthPrefixSize];
        stream.ReadExactly(prefix);
        stream.Position = 0;
        var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
        return headerLength <= SafetensorsHeaderParser.MaxHeaderLength
            && SafetensorsHeaderParser.LengthPrefixSize + (long)headerLength <= stream.Length
            ? SafetensorsHeaderParser.LengthPrefixSize + (long)headerLength
            : null;
    }
}
