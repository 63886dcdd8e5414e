using QuickFix.Baking;
using QuickFix.Checkpoints.Layouts;
using QuickFix.Checkpoints.Manifests;
using QuickFix.Recipes;

namespace QuickFix.Tests.Baking;

/// <summary>
/// One output of a tiny SD 1.5 base and two recipes (A, B) that can replace each other in it. Each recipe is solved
/// once, into a delta; every later bake replays a delta, which solves nothing, so a test can replace the output many
/// times in a few seconds.
/// </summary>
internal sealed class BakeScenario : IDisposable
{
    /// <summary>Each recipe's delta per layout, solved once per test run (the recipes and the base are always the same).</summary>
    private static readonly Dictionary<string, byte[]> SolvedDeltas = [];
    private static readonly Lock Gate = new();

    private readonly TemporaryDirectory temp = new();

    public BakeScenario(CheckpointLayout layout)
    {
        Single = layout == CheckpointLayout.SingleFile;
        BasePath = TinyModels.Get(ModelFamily.SD15, layout);
        OutputFolder = temp.File("outputs");
        Directory.CreateDirectory(OutputFolder);
        Output = Path.Combine(OutputFolder, Single ? "edited.safetensors" : "edited");
        A = WriteRecipe("a.yaml", "Van Gogh", "painting");
        B = WriteRecipe("b.yaml", "Snoopy", "a dog");
        DeltaA = Solve(A, "solved-a");
        DeltaB = Solve(B, "solved-b");
    }

    public bool Single { get; }

    public string BasePath { get; }

    /// <summary>The folder holding the output and nothing else (so that leftovers are easy to see).</summary>
    public string OutputFolder { get; }

    public string Output { get; }

    public Recipe A { get; }

    public Recipe B { get; }

    public string DeltaA { get; }

    public string DeltaB { get; }

    public string ManifestPath => BuildManifest.PathFor(Output, outputIsFolder: !Single);

    public string Temp(string name) => temp.File(name);

    /// <summary>Bakes <paramref name="recipe"/> into <see cref="Output"/> by replaying its delta.</summary>
    public BakeResult Bake(Recipe recipe, CommitObserver? observer = null, bool force = false, TimeSpan? lockTimeout = null, IProgress<BakeProgress>? progress = null) =>
        RecipeBaker.Bake(
            recipe,
            new BakeOptions(
                OutputPath: Output, Trace: false, Images: false, ReplayDelta: recipe == A ? DeltaA : DeltaB, Force: force, LockTimeout: lockTimeout,
                Observer: observer),
            progress);

    /// <summary>Which recipe the output's manifest says it was baked from: "A", "B", or the hash of another.</summary>
    public string BakedFrom()
    {
        var sha = BuildManifest.Load(ManifestPath).Recipe.Sha256;
        return sha == Sha(A) ? "A" : sha == Sha(B) ? "B" : sha;
    }

    /// <summary>Hidden entries beside the output other than its lock file: what an interrupted run left.</summary>
    public string[] Leftovers() =>
        Directory.EnumerateFileSystemEntries(OutputFolder)
            .Select(Path.GetFileName)
            .OfType<string>()
            .Where(name => name.StartsWith('.') && name != $".{Path.GetFileName(Output)}.lock")
            .Order(StringComparer.Ordinal)
            .ToArray();

    public void Dispose() => temp.Dispose();

    private static string Sha(Recipe recipe) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(recipe.FilePath)));

    private Recipe WriteRecipe(string name, string key, string value)
    {
        var path = temp.File(name);
        File.WriteAllText(path, $"""
            version: 1
            model: {"{"} path: {BasePath} {"}"}
            output: {"{"} path: unused, delta: true {"}"}
            edits: [{"{"} key: {key}, value: {value} {"}"}]
            """);
        return RecipeLoader.Load(path);
    }

    private string Solve(Recipe recipe, string name)
    {
        var delta = temp.File(name + ".delta.safetensors");
        byte[]? bytes;
        lock (Gate)
        {
            var key = $"{Single}-{File.ReadAllText(recipe.FilePath)}";
            if (!SolvedDeltas.TryGetValue(key, out bytes))
            {
                var output = temp.File(Single ? name + ".safetensors" : name);
                RecipeBaker.Bake(recipe, new BakeOptions(OutputPath: output, Trace: false, Images: false));
                SolvedDeltas[key] = bytes = File.ReadAllBytes(Single ? delta : Path.Combine(output, "quickfix.delta.safetensors"));
            }
        }

        File.WriteAllBytes(delta, bytes);
        return delta;
    }
}
