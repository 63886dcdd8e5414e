using System.IO.Compression;

namespace QuickFix.Tests.Packaging;

/// <summary>`dotnet pack` output, installed and used the way a user would: the tool from a feed, the MSBuild package by PackageReference.</summary>
public sealed class PackagingTests(PackedPackages packages) : IClassFixture<PackedPackages>
{
    [PackagingFact]
    public void Pack_writes_a_pointer_tool_package_a_linux_x64_tool_package_and_the_MSBuild_package()
    {
        Assert.Contains("tools/any/any/DotnetToolSettings.xml", Entries("QuickFix.Cli"));

        var tool = Entries("QuickFix.Cli.linux-x64");
        Assert.Contains("tools/net10.0/linux-x64/quickfix.dll", tool);
        Assert.Contains("tools/net10.0/linux-x64/libtorch_cpu.so", tool);
        Assert.DoesNotContain("tools/net10.0/linux-x64/libtorch_python.so", tool);

        var build = Entries("QuickFix.Build");
        Assert.Contains("build/QuickFix.Build.props", build);
        Assert.Contains("build/QuickFix.Build.targets", build);
        Assert.Contains("tasks/netstandard2.0/QuickFix.Build.Tasks.dll", build);
        Assert.DoesNotContain(build, e => e.StartsWith("lib/", StringComparison.Ordinal));
    }

    [PackagingFact]
    public void The_installed_tool_reports_its_version_and_applies_a_tiny_recipe()
    {
        using var work = new TemporaryDirectory();
        var version = DotNet.Run(work.Path, packages.ToolEnvironment, "quickfix", "--version").EnsureSuccess();
        Assert.StartsWith(Repository.PackageVersion, version.Output.Trim(), StringComparison.Ordinal);

        File.WriteAllText(work.File("edits.yaml"), MSBuild.SampleProject.TinyRecipe);
        DotNet.Run(work.Path, packages.ToolEnvironment, "quickfix", "apply", "edits.yaml", "--no-trace", "--no-images").EnsureSuccess();

        Assert.True(File.Exists(Path.Combine(work.Path, "out", "edited", "quickfix.manifest.json")));
    }

    [PackagingFact]
    public void A_project_referencing_the_QuickFix_Build_package_bakes_a_tiny_recipe()
    {
        using var work = new TemporaryDirectory();
        File.WriteAllText(work.File("edits.yaml"), MSBuild.SampleProject.TinyRecipe);
        File.Copy(packages.NuGetConfig, work.File("nuget.config"));
        File.WriteAllText(work.File("Sample.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <QuickFixToolPath>{packages.ToolExecutable}</QuickFixToolPath>
                <QuickFixTrace>false</QuickFixTrace>
                <QuickFixImages>false</QuickFixImages>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="QuickFix.Build" Version="{Repository.PackageVersion}" PrivateAssets="all" />
                <QuickFixRecipe Include="edits.yaml" OutputPath="artifacts/edited" />
              </ItemGroup>
            </Project>
            """);

        var build = DotNet.Run(work.Path, packages.ToolEnvironment, "build", "Sample.csproj", "-tl:off", "-nodeReuse:false").EnsureSuccess();

        Assert.Contains("QuickFix: baking", build.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(work.File("artifacts/edited/quickfix.manifest.json")), build.Output);
    }

    private List<string> Entries(string id)
    {
        using var zip = ZipFile.OpenRead(packages.Package(id));
        return [.. zip.Entries.Select(e => e.FullName)];
    }
}
