namespace QuickFix.Tests;

/// <summary>
/// Locates <c>../shared</c> beside the repository (CI clones the repository with a copy of it alongside).
/// Tests may read it; the product never does.
/// </summary>
internal static class SharedData
{
    private static readonly Lazy<string> Root = new(FindRoot);

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root.Value, .. parts]);

    public static string Reference(params string[] parts) => Path(["data", "reference", .. parts]);

    public static string ClipTokenizerDirectory => Path("data", "clip-tokenizer");

    private static string FindRoot()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("QUICKFIX_SHARED");
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            return fromEnvironment;
        }

        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = System.IO.Path.Combine(directory.FullName, "shared");
            if (Directory.Exists(System.IO.Path.Combine(candidate, "data", "reference")))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException(
            "The shared data folder (../shared beside the repository) was not found; set QUICKFIX_SHARED to its path.");
    }
}
