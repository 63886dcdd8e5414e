using System.Buffers;
using System.Security.Cryptography;

namespace QuickFix.Checkpoints;

/// <summary>Computes the manifest's fingerprints of files and of single tensors, streaming in constant memory.</summary>
public static class CheckpointHasher
{
    private const int ChunkSize = 4 * 1024 * 1024;

    /// <summary>
    /// Hashes <paramref name="path"/> in one sequential pass: SHA-256 of the whole file, SHA-256 of the bytes from
    /// <paramref name="dataOffset"/> on, and XXH3-128 of the whole file. The header is not parsed here, so that
    /// <c>verify</c> reports a damaged file as a mismatch rather than a parse error.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="dataOffset"><c>8 + N</c> for a safetensors file (<see cref="SafetensorsFile.DataOffset"/>); 0 for any other file.</param>
    /// <param name="cancellationToken">Checked between chunks.</param>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static FileHashes HashFile(string path, long dataOffset, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.SequentialScan);
        using var accumulator = new CheckpointHashAccumulator(dataOffset);
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
    public static string HashTensor(SafetensorsFile file, TensorInfo tensor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(tensor);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Clamp(tensor.ByteLength, 1, ChunkSize));
        try
        {
            for (long done = 0; done < tensor.ByteLength;)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var chunk = buffer.AsSpan(0, (int)Math.Min(buffer.Length, tensor.ByteLength - done));
                file.ReadBytes(tensor, done, chunk);
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
}
