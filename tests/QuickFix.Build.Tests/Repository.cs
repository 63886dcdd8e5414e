using System.Reflection;

namespace QuickFix.Tests;

/// <summary>Where the repository and this configuration's build outputs are (stamped in at build time).</summary>
internal static class Repository
{
    public static string Root { get; } = Metadata("RepositoryRoot");

    public static string Configuration { get; } = Metadata("Configuration");

    /// <summary>The version <c>dotnet pack</c> gives both packages (Directory.Build.props).</summary>
    public static string PackageVersion { get; } = Metadata("PackageVersion");

    public static string Path(params string[] parts) => System.IO.Path.GetFullPath(System.IO.Path.Combine([Root, .. parts]));

    /// <summary>The built <c>quickfix.dll</c> of the CLI project (a project reference builds it first).</summary>
    public static string ToolAssembly => Path("tool", "QuickFix.Cli", "bin", Configuration, "net10.0", "quickfix.dll");

    /// <summary>The built MSBuild task assembly.</summary>
    public static string TaskAssembly => Path("tasks", "QuickFix.Build.Tasks", "bin", Configuration, "netstandard2.0", "QuickFix.Build.Tasks.dll");

    /// <summary>The package's build folder, imported from source the way a PackageReference imports it.</summary>
    public static string BuildFolder => Path("tasks", "QuickFix.Build.Tasks", "build");

    private static string Metadata(string key) =>
        typeof(Repository).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value
        ?? throw new InvalidOperationException($"No {key} metadata.");
}
