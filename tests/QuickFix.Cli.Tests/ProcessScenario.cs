using System.Security.Cryptography;
using QuickFix.Checkpoints.Manifests;

namespace QuickFix.Tests;

/// <summary>
/// Shared by the process tests of one class: a synthesized tiny SD 1.5 base in both layouts and two recipes (A, B),
/// each solved once into a delta, so that every bake a test starts replays a delta and solves nothing.
/// </summary>
public sealed class ProcessScenario : IDisposable
{
    private readonly TemporaryDirectory temp = new();
    private readonly Dictionary<bool, string> bases = [];
    private readonly Dictionary<(bool, string), string> deltas = [];
    private readonly Lock gate = new();

    /// <summary>A fresh folder for one test's output; the output itself is <c>edited</c> or <c>edited.safetensors</c> in it.</summary>
    public string NewOutput(bool singleFile)
    {
        var folder = temp.File(Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, singleFile ? "edited.safetensors" : "edited");
    }

    public string Temp(string name) => temp.File(name);

    /// <summary>The arguments of <c>apply</c> baking recipe <paramref name="name"/> into <paramref name="output"/> by replaying its delta.</summary>
    public string[] Apply(string name, string output, params string[] extra)
    {
        var singleFile = output.EndsWith(".safetensors", StringComparison.Ordinal);
        return ["apply", RecipeFor(singleFile, name), "--out", output, "--delta", Delta(singleFile, name), "--no-images", .. extra];
    }

    /// <summary>"A" or "B": the recipe the output's manifest names.</summary>
    public string BakedFrom(string output)
    {
        var singleFile = output.EndsWith(".safetensors", StringComparison.Ordinal);
        var sha = BuildManifest.Load(BuildManifest.PathFor(output, !singleFile)).Recipe.Sha256;
        return new[] { "A", "B" }.Single(name => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(RecipeFor(singleFile, name)))) == sha);
    }

    /// <summary>Hidden entries beside the output other than its lock file.</summary>
    public static string[] Leftovers(string output) =>
        Directory.EnumerateFileSystemEntries(Path.GetDirectoryName(output)!)
            .Select(Path.GetFileName)
            .OfType<string>()
            .Where(name => name.StartsWith('.') && name != $".{Path.GetFileName(output)}.lock")
            .ToArray();

    public void Dispose() => temp.Dispose();

    /// <summary>Recipe A or B for a folder or single-file base.</summary>
    public string RecipeFor(bool singleFile, string name)
    {
        lock (gate)
        {
            if (!bases.TryGetValue(singleFile, out var model))
            {
                model = temp.File(singleFile ? "base.safetensors" : "base");
                var synth = CliRun.Of("synth", "--family", "sd15", "--layout", singleFile ? "single-file" : "diffusers", "--seed", "3", "--out", model, "--json");
                Assert.True(synth.ExitCode == 0, synth.Error);
                bases[singleFile] = model;
            }

            var path = temp.File($"{(singleFile ? "singleFile" : "folder")}-{name}.yaml");
            if (!File.Exists(path))
            {
                var edit = name == "A" ? "{ key: Van Gogh, value: painting }" : "{ key: Snoopy, value: a dog }";
                File.WriteAllText(path, $"version: 1\nmodel: {{ path: {model} }}\noutput: {{ path: unused, delta: true }}\nedits: [{edit}]\n");
            }

            return path;
        }
    }

    private string Delta(bool singleFile, string name)
    {
        var recipe = RecipeFor(singleFile, name);
        lock (gate)
        {
            if (!deltas.TryGetValue((singleFile, name), out var delta))
            {
                var output = temp.File($"solved-{(singleFile ? "singleFile" : "folder")}-{name}" + (singleFile ? ".safetensors" : string.Empty));
                var solve = CliRun.Of("apply", recipe, "--out", output, "--no-trace", "--no-images", "--json");
                Assert.True(solve.ExitCode == 0, solve.Error);
                delta = singleFile ? Path.ChangeExtension(output, ".delta.safetensors") : Path.Combine(output, "quickfix.delta.safetensors");
                deltas[(singleFile, name)] = delta;
            }

            return delta;
        }
    }
}
