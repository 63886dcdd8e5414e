using BenchmarkDotNet.Attributes;
using QuickFix.Benchmarks.Data;
using QuickFix.Benchmarks.Infrastructure;
using QuickFix.Checkpoints;

namespace QuickFix.Benchmarks.Checkpoints;

/// <summary>
/// The lazy read: one 768 x 768 F16 tensor out of a 2.1 GB SD 1.5 file (sparse, with a real header). The cost should
/// be the header plus 1.2 MB, whatever the file's size.
/// </summary>
[MemoryDiagnoser]
public class TensorReadBenchmarks
{
    private const long TensorBytes = 768 * 768 * 2;

    private ScratchDirectory? scratch;
    private string path = string.Empty;
    private SafetensorsFile? open;

    [GlobalSetup]
    public void Setup()
    {
        scratch = ScratchDirectory.Create("read");
        path = scratch.File("sd15.safetensors");
        Sd15SingleFile.WriteSparse(path);
        open = SafetensorsFile.Open(path);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        open?.Dispose();
        scratch?.Dispose();
    }

    /// <summary>Open (read and validate the header) and read the tensor: what an edit of a single file does first.</summary>
    [Benchmark]
    [BytesPerOperation(TensorBytes)]
    public int OpenAndReadOneTensor()
    {
        using var file = SafetensorsFile.Open(path);
        return file.ReadBytes(Sd15SingleFile.EditedTensor).Length;
    }

    /// <summary>The positional read alone, from a file already open.</summary>
    [Benchmark]
    [BytesPerOperation(TensorBytes)]
    public int ReadOneTensor() => open!.ReadBytes(Sd15SingleFile.EditedTensor).Length;
}
