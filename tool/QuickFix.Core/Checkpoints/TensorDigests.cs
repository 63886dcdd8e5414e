using System.Buffers;
using System.IO.Hashing;

namespace QuickFix.Checkpoints;

/// <summary>
/// One XxHash128 fingerprint per tensor of a safetensors file, so <c>verify</c> can name the tensor that changed,
/// not only the file. Computed while a file is rewritten (<see cref="SafetensorsRewriter"/>) or, for files copied or linked
/// unchanged, by one read of the source (cached with the file hashes).
/// </summary>
public static class TensorDigests
{
    private const int ChunkSize = 4 * 1024 * 1024;

    /// <summary>Reads every tensor of <paramref name="file"/> once and fingerprints it.</summary>
    public static IReadOnlyDictionary<string, string> Of(SafetensorsFile file, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(file);
        var digests = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
        try
        {
            var hash = new XxHash128();
            foreach (var tensor in file.Tensors)
            {
                for (long done = 0; done < tensor.ByteLength;)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var chunk = buffer.AsSpan(0, (int)Math.Min(ChunkSize, tensor.ByteLength - done));
                    file.ReadBytes(tensor, done, chunk);
                    hash.Append(chunk);
                    done += chunk.Length;
                }

                digests[tensor.Name] = Convert.ToHexStringLower(hash.GetHashAndReset());
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return digests;
    }

    /// <summary>The tensors whose fingerprints differ, appear or disappear between two digest sets.</summary>
    public static IReadOnlyList<string> Differences(IReadOnlyDictionary<string, string> expected, IReadOnlyDictionary<string, string> actual)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(actual);
        return expected.Keys.Union(actual.Keys, StringComparer.Ordinal)
            .Where(name => !expected.TryGetValue(name, out var want) || !actual.TryGetValue(name, out var have) || want != have)
            .Order(StringComparer.Ordinal)
            .ToArray();
    }
}
