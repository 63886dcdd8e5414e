using BenchmarkDotNet.Attributes;
using QuickFix.Benchmarks.Data;
using QuickFix.Benchmarks.Infrastructure;
using QuickFix.Checkpoints;

namespace QuickFix.Benchmarks.Checkpoints;

/// <summary>
/// The rewriter's copy path (one tensor replaced, every other byte copied and the file hashed while written) against a
/// plain file copy and a hash-only read of the same 256 MiB file, all from the page cache.
/// </summary>
[MemoryDiagnoser]
public class CopyBenchmarks
{
    private const int Tensors = 64;
    private const int TensorBytes = 4 << 20;
    private const long FileBytes = (long)Tensors * TensorBytes;

    private ScratchDirectory? scratch;
    private string sourcePath = string.Empty;
    private SafetensorsFile? source;
    private Dictionary<string, ReadOnlyMemory<byte>> replacement = [];

    [GlobalSetup]
    public void Setup()
    {
        scratch = ScratchDirectory.Create("copy");
        sourcePath = scratch.File("source.safetensors");
        var random = new Random(3);
        var writer = new SafetensorsWriter();
        for (var i = 0; i < Tensors; i++)
        {
            var bytes = new byte[TensorBytes];
            random.NextBytes(bytes);
            writer.Add($"block.{i}.weight", SafetensorsDType.F16, [2048, 1024], bytes);
        }

        writer.WriteFile(sourcePath);
        source = SafetensorsFile.Open(sourcePath);
        var edited = new byte[TensorBytes];
        random.NextBytes(edited);
        replacement = new(StringComparer.Ordinal) { ["block.10.weight"] = edited };
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        source?.Dispose();
        scratch?.Dispose();
    }

    [Benchmark(Baseline = true)]
    [BytesPerOperation(FileBytes)]
    public void FileCopy() => File.Copy(sourcePath, scratch!.File("copy.safetensors"), overwrite: true);

    [Benchmark]
    [BytesPerOperation(FileBytes)]
    public long RewriteWithOneTensorReplaced() =>
        SafetensorsRewriter.Rewrite(source!, replacement, [new("format", "pt")], scratch!.File("rewritten.safetensors")).Hashes.Size;

    [Benchmark]
    [BytesPerOperation(FileBytes)]
    public long HashFile() => CheckpointHasher.HashFile(sourcePath, source!.DataOffset).Size;
}
