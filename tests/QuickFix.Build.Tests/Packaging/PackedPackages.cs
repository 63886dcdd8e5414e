namespace QuickFix.Tests.Packaging;

/// <summary>
/// Packs the tool and the MSBuild package once (Release, into a temporary folder rather than artifacts/packages, so a
/// test never changes the repository) and installs the tool into a temporary tool path. Restores and installs see
/// only that folder (a nuget.config that clears every other source) and a temporary global-packages folder: offline,
/// and never served a stale 0.1.0 from the machine's NuGet cache.
/// </summary>
public sealed class PackedPackages : IDisposable
{
    private readonly TemporaryDirectory _root = new();

    public PackedPackages()
    {
        if (Environment.GetEnvironmentVariable(PackagingFactAttribute.Variable) != "1")
        {
            return;
        }

        Directory.CreateDirectory(Feed);
        File.WriteAllText(NuGetConfig, $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="packed" value="{Feed}" />
              </packageSources>
            </configuration>
            """);
        foreach (var project in new[] { "tool/QuickFix.Cli/QuickFix.Cli.csproj", "tasks/QuickFix.Build.Tasks/QuickFix.Build.Tasks.csproj" })
        {
            DotNet.Run(Repository.Root, null, "pack", project, "-c", "Release", $"-p:PackageOutputPath={Feed}/", "-tl:off").EnsureSuccess();
        }

        DotNet.Run(
            _root.Path, ToolEnvironment, "tool", "install", "QuickFix.Cli", "--version", Repository.PackageVersion,
            "--tool-path", ToolPath, "--configfile", NuGetConfig).EnsureSuccess();
    }

    /// <summary>The folder <c>dotnet pack</c> wrote to, used as the only package source.</summary>
    public string Feed => _root.File("packages");

    /// <summary>A nuget.config whose only source is <see cref="Feed"/>.</summary>
    public string NuGetConfig => _root.File("nuget.config");

    /// <summary>Where the tool is installed (<c>dotnet tool install --tool-path</c>).</summary>
    public string ToolPath => _root.File("tools");

    /// <summary>The installed tool's executable.</summary>
    public string ToolExecutable => System.IO.Path.Combine(ToolPath, "dotnet-quickfix");

    /// <summary>A private global-packages folder, so a restore takes QuickFix.Build from <see cref="Feed"/>.</summary>
    public IReadOnlyDictionary<string, string> ToolEnvironment => new Dictionary<string, string>
    {
        ["NUGET_PACKAGES"] = _root.File("nuget-packages"),
        ["PATH"] = $"{ToolPath}{System.IO.Path.PathSeparator}{Environment.GetEnvironmentVariable("PATH")}",
    };

    public string Package(string id) => System.IO.Path.Combine(Feed, $"{id}.{Repository.PackageVersion}.nupkg");

    public void Dispose() => _root.Dispose();
}
