namespace QuickFix.Tests.Recipes;

/// <summary>Files of this repository (the folder holding <c>QuickFix.Build.sln</c>), found from the test binaries upward.</summary>
internal static class RepositoryFiles
{
    private static readonly Lazy<string> Root = new(FindRoot);

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root.Value, .. parts]);

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "QuickFix.Build.sln")))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException("QuickFix.Build.sln was not found above " + AppContext.BaseDirectory);
    }
}
