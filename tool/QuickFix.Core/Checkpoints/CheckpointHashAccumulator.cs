using System.IO.Hashing;
using System.Security.Cryptography;

namespace QuickFix.Checkpoints;

/// <summary>
/// Feeds a file's bytes, in order, to the three hashes of <see cref="FileHashes"/> at once, so that a file is read
/// (or written) and hashed in one pass.
/// </summary>
internal sealed class CheckpointHashAccumulator : IDisposable
{
    // Below this, handing half the work to a second core costs more than it saves.
    private const int ParallelThreshold = 256 * 1024;

    private readonly IncrementalHash wholeFile = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly IncrementalHash tensorBytes = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly XxHash128 fingerprint = new();
    private readonly long dataOffset;

    /// <param name="dataOffset">Where the tensor bytes start (<c>8 + N</c>); 0 hashes the whole file twice.</param>
    internal CheckpointHashAccumulator(long dataOffset)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(dataOffset);
        this.dataOffset = dataOffset;
    }

    internal long Position { get; private set; }

    internal void Append(ReadOnlySpan<byte> bytes)
    {
        var data = bytes[(int)Math.Clamp(dataOffset - Position, 0, bytes.Length)..];
        Position += bytes.Length;
        wholeFile.AppendData(bytes);
        fingerprint.Append(bytes);
        tensorBytes.AppendData(data);
    }

    internal void Append(ReadOnlyMemory<byte> bytes)
    {
        if (bytes.Length < ParallelThreshold)
        {
            Append(bytes.Span);
            return;
        }

        // Two SHA-256 streams over (nearly) the same bytes, each ~1 GB/s with SHA-NI: run them on two cores.
        var data = bytes[(int)Math.Clamp(dataOffset - Position, 0, bytes.Length)..];
        Position += bytes.Length;
        Parallel.Invoke(
            () => wholeFile.AppendData(bytes.Span),
            () =>
            {
                tensorBytes.AppendData(data.Span);
                fingerprint.Append(bytes.Span);
            });
    }

    internal FileHashes Finish() => new(
        Position,
        Convert.ToHexStringLower(wholeFile.GetHashAndReset()),
        Convert.ToHexStringLower(tensorBytes.GetHashAndReset()),
        Convert.ToHexStringLower(fingerprint.GetCurrentHash()));

    public void Dispose()
    {
        wholeFile.Dispose();
        tensorBytes.Dispose();
    }
}
