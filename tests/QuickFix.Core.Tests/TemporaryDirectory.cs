namespace QuickFix.Tests;

/// <summary>A fresh folder under the system temp folder (outside the repository and its Directory.Build.props), deleted on dispose.</summary>
internal sealed class TemporaryDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("quickfix-test-").FullName;

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
