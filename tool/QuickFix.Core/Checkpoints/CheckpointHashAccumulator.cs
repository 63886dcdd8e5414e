using System.IO.Hashing;
using System.Security.Cryptography;

namespace QuickFix.Checkpoints;

/// <summary>
/// Feeds a file's bytes, in order, to the three hashes of <see cref="CheckpointFileHashes"/> at once, so a file is
/// read (or written) and hashed in one pass.
/// </summary>
internal sealed class CheckpointHashAccumulator : IDisposable
{
    // Below this a second thread costs more than it saves.
    private const int ParallelThreshold = 256 * 1024;

    private readonly IncrementalHash wholeFile = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly IncrementalHash? tensorData;
    private readonly XxHash128 fingerprint = new();
    private readonly long tensorDataOffset;
    private long position;

    /// <param name="tensorDataOffset">Where the tensor data starts (<c>8 + N</c>), or null for a file that is not safetensors.</param>
    internal CheckpointHashAccumulator(long? tensorDataOffset)
    {
        if (tensorDataOffset is { } offset)
        {
            tensorData = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            this.tensorDataOffset = offset;
        }
    }

    internal void Append(ReadOnlyMemory<byte> bytes)
    {
        var dataStart = tensorData is null ? bytes.Length : (int)Math.Clamp(tensorDataOffset - position, 0, bytes.Length);
        var data = bytes[dataStart..];
        position += bytes.Length;
        if (bytes.Length >= ParallelThreshold && !data.IsEmpty)
        {
            // Two SHA-256 streams over the same bytes: run them on two cores (each is ~1 GB/s with SHA-NI).
            Parallel.Invoke(
                () => wholeFile.AppendData(bytes.Span),
                () =>
                {
                    tensorData!.AppendData(data.Span);
                    fingerprint.Append(bytes.Span);
                });
            return;
        }

        wholeFile.AppendData(bytes.Span);
        fingerprint.Append(bytes.Span);
        if (!data.IsEmpty)
        {
            tensorData!.AppendData(data.Span);
        }
    }

    internal CheckpointFileHashes Finish() => new(
        position,
        Convert.ToHexStringLower(wholeFile.GetHashAndReset()),
        tensorData is null ? null : Convert.ToHexStringLower(tensorData.GetHashAndReset()),
        Convert.ToHexStringLower(fingerprint.GetCurrentHash()));

    public void Dispose()
    {
        wholeFile.Dispose();
        tensorData?.Dispose();
    }
}
