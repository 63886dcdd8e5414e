namespace QuickFix.Tests.MSBuild;

/// <summary>
/// A user's project in a temporary folder that bakes a tiny recipe: the package's build/ files are imported where
/// NuGet would import them (props after the SDK's props, targets after the SDK's targets).
/// </summary>
internal sealed class SampleProject : IDisposable
{
    /// <summary>A recipe on the embedded tiny SD 1.5 (no download); one edit, so a bake takes seconds.</summary>
    public const string TinyRecipe = """
        version: 1
        model:
          synth: { family: sd15, size: tiny, seed: 1 }
        output:
          path: out/edited
          delta: true
        edits:
          - { key: Van Gogh, value: painting, kind: style }
        """;

    private readonly TemporaryDirectory _folder = new();

    public SampleProject(string recipe, string extraProperties = "")
    {
        File.WriteAllText(RecipePath, recipe);
        File.WriteAllText(_folder.File("Sample.csproj"), $"""
            <Project>
              <Import Project="Sdk.props" Sdk="Microsoft.NET.Sdk" />
              <Import Project="{Repository.BuildFolder}/QuickFix.Build.props" />
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <QuickFixTaskAssembly>{Repository.TaskAssembly}</QuickFixTaskAssembly>
                <QuickFixToolPath>{Repository.ToolAssembly}</QuickFixToolPath>
                <QuickFixTrace>false</QuickFixTrace>
                <QuickFixImages>false</QuickFixImages>
                {extraProperties}
              </PropertyGroup>
              <ItemGroup>
                <QuickFixRecipe Include="edits.yaml" />
              </ItemGroup>
              <Import Project="Sdk.targets" Sdk="Microsoft.NET.Sdk" />
              <Import Project="{Repository.BuildFolder}/QuickFix.Build.targets" />
            </Project>
            """);
    }

    public string Folder => _folder.Path;

    public string RecipePath => _folder.File("edits.yaml");

    /// <summary>Where the targets put the recipe's output by default: <c>$(OutDir)quickfix/&lt;recipe name&gt;/</c>.</summary>
    public string OutputFolder => Path.Combine(_folder.Path, "bin", "Debug", "net10.0", "quickfix", "edits");

    public string Manifest => Path.Combine(OutputFolder, "quickfix.manifest.json");

    /// <summary>Runs <c>dotnet TARGET</c> on the project with a plain, normal-verbosity log.</summary>
    public DotNet.Result Run(string command, params string[] properties) =>
        DotNet.Run(Folder, null, [command, "Sample.csproj", "-v:n", "-tl:off", "-nodeReuse:false", .. properties.Select(p => "-p:" + p)]);

    public void Dispose() => _folder.Dispose();
}
