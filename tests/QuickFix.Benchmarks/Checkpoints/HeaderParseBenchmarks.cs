using BenchmarkDotNet.Attributes;
using QuickFix.Benchmarks.Data;
using QuickFix.Checkpoints;

namespace QuickFix.Benchmarks.Checkpoints;

/// <summary>Parsing and validating the header of a full SD 1.5 single file (what <c>inspect</c> and every open pay per file).</summary>
[MemoryDiagnoser]
public class HeaderParseBenchmarks
{
    private byte[] fileStart = [];
    private long fileLength;

    [GlobalSetup]
    public void Setup()
    {
        var tensors = Sd15SingleFile.Tensors();
        (fileStart, fileLength) = Sd15SingleFile.Header(tensors);
        Console.WriteLine($"// SD 1.5 single-file header: {tensors.Count} tensors, {fileStart.Length:N0} bytes, file {fileLength:N0} bytes");
    }

    [Benchmark]
    public int ParseSd15Header() => SafetensorsFile.ParseHeader(fileStart, fileLength, path: null).Tensors.Count;
}
