using System.IO.Hashing;
using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using QuickFix.Benchmarks.Infrastructure;
using QuickFix.Checkpoints;

namespace QuickFix.Benchmarks.Checkpoints;

/// <summary>
/// Hash throughput over a 256 MiB buffer in memory: SHA-256 (compare <c>openssl speed -evp sha256</c>), XxHash128, and
/// the manifest's three hashes in one pass (two SHA-256 streams and XxHash128, spread over two cores).
/// </summary>
[MemoryDiagnoser]
public class HashBenchmarks
{
    private const int BufferBytes = 256 << 20;
    private const int ChunkBytes = 4 << 20;

    private readonly byte[] buffer = new byte[BufferBytes];

    [GlobalSetup]
    public void Setup() => new Random(5).NextBytes(buffer);

    [Benchmark(Baseline = true)]
    [BytesPerOperation(BufferBytes)]
    public byte[] Sha256() => SHA256.HashData(buffer);

    [Benchmark]
    [BytesPerOperation(BufferBytes)]
    public byte[] XxHash128Of() => XxHash128.Hash(buffer);

    /// <summary>What <c>apply</c>, <c>verify</c> and <c>inspect --hash</c> run per file, fed in the reader's 4 MiB chunks.</summary>
    [Benchmark]
    [BytesPerOperation(BufferBytes)]
    public long ManifestHashesInOnePass()
    {
        using var hashes = new CheckpointHashAccumulator(dataOffset: 4096);
        for (var offset = 0; offset < BufferBytes; offset += ChunkBytes)
        {
            hashes.Append(buffer.AsMemory(offset, ChunkBytes));
        }

        return hashes.Finish().Size;
    }
}
