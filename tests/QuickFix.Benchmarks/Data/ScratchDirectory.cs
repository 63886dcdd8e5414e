namespace QuickFix.Benchmarks.Data;

/// <summary>A temporary folder for a benchmark's files, deleted with it.</summary>
internal sealed class ScratchDirectory : IDisposable
{
    private ScratchDirectory(string path) => Path = path;

    public string Path { get; }

    public static ScratchDirectory Create(string purpose) =>
        new(Directory.CreateTempSubdirectory($"quickfix-bench-{purpose}-").FullName);

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}
