using QuickFix.Sampling;
using QuickFix.Checkpoints.Layouts;
using System.Text.RegularExpressions;
using CsCheck;
using QuickFix.Recipes;

namespace QuickFix.Tests.Recipes;

/// <summary>Any valid recipe, written to YAML by YamlDotNet's emitter, loads back equal.</summary>
public sealed class RecipeRoundTripTests : IDisposable
{
    private static readonly Gen<string> Piece = Gen.OneOf<string>(
        "a", "Van", "Gogh", "photo", " ", "  ", "é", "ß", "🙂", "\"", "'", ":", ": ", "#", " #", "-", "&x", "*y", "!", "%", "\\", "\t", "\n", "[", "]", ",", "{", "}", "1984", "true", "null", "~");

    private static readonly Gen<string> Caption =
        Gen.Select(Gen.OneOf<string>("x", "Snoopy", "The", "0"), Piece.Array[0, 6], (head, tail) => head + string.Concat(tail));

    private static readonly Gen<string> Template =
        Gen.Select(Caption, Caption, Gen.Int[0, 2], (before, after, shape) => shape switch
        {
            0 => "{}",
            1 => before.Replace("{", "(", StringComparison.Ordinal).Replace("}", ")", StringComparison.Ordinal) + " {}",
            _ => "{} " + after.Replace("{", "(", StringComparison.Ordinal).Replace("}", ")", StringComparison.Ordinal),
        });

    private static readonly Gen<string> RelativePath = Gen.OneOf<string>("out", "a b/c", "ü/x.safetensors", "../up/edited", "./here/", "snap shots");

    private readonly RecipeWorkspace _workspace = new();

    public void Dispose() => _workspace.Dispose();

    [Fact]
    public void Written_recipes_load_back_equal()
    {
        RecipeGen().Sample(recipe =>
        {
            var yaml = RecipeYamlWriter.Write(recipe);
            var loaded = _workspace.Parse(yaml);
            Assert.True(recipe.Equals(loaded), $"{yaml}\n---\n{recipe}\n---\n{loaded}");
        }, iter: 300);
    }

    private RecipePath Resolve(string text) => new(text, Path.GetFullPath(text, _workspace.Path));

    private Gen<Recipe> RecipeGen()
    {
        var synth = Gen.Select(Gen.Enum<ModelFamily>(), Gen.Enum<ModelSize>(), Gen.Long[0, long.MaxValue], (family, size, seed) => new SynthModelSpec(family, size, seed));
        var models = Gen.OneOf(
            synth.Select(spec => new ModelSource(null, spec, null)),
            Gen.Bool.Select(withTokenizer => new ModelSource(Resolve("base"), null, withTokenizer ? Resolve("./tokenizer") : null)));
        var outputs = Gen.Select(RelativePath, Gen.Enum<OutputLayout>(), Gen.Bool, (path, layout, delta) => new OutputSpec(Resolve(path), layout, delta));
        var methods =
            from layer in Gen.Int[0, 40]
            from lambda in Gen.Double[1e-6, 1e3]
            from useEos in Gen.Bool
            from templates in Template.Array[1, 4]
            from targets in Gen.Enum<EditTargets>()
            from encoders in Gen.Int[0, 5].Array[1, 3].Null()
            select new MethodSpec(
                EditMethod.DiffQuickFix, layer, lambda, useEos, new(templates.Distinct()), targets, encoders is null ? null : new(encoders.Distinct()));
        var edit = Gen.Select(Caption, Caption, Gen.Enum<EditKind>().Nullable(), (key, value, kind) => new EditSpec(key, value, kind));
        var imageSpecs =
            from prompts in Caption.Array[1, 3]
            from seeds in Gen.Long[0, long.MaxValue].Array[1, 3]
            from steps in Gen.Int[1, 1000]
            from guidance in Gen.Double[0, 30]
            from scheduler in Gen.Enum<SchedulerKind>()
            from width in Gen.Int[1, 1024]
            from height in Gen.Int[1, 1024]
            from snapshots in RelativePath
            select new ImagesSpec(
                new(prompts.Distinct()), new(seeds.Distinct()), steps, guidance, scheduler, new ImageSize(width * 8, height * 8), Resolve(snapshots));

        return
            from source in models
            from output in outputs.Where(spec => source.Path is null || !Overlaps(spec.Path.FullPath, source.Path.FullPath))
            from method in methods
            from trace in Gen.Enum<TraceMode>()
            from edits in edit.Array[1, 4]
            from preserve in Caption.Array[0, 3]
            from images in imageSpecs.Null()
            select new Recipe(
                Recipe.SupportedVersion,
                source,
                output,
                method,
                new TraceSpec(trace),
                new(edits.DistinctBy(edit => Regex.Replace(edit.Key.Trim(), @"\s+", " ").ToLowerInvariant())),
                new(preserve.Distinct()),
                images,
                _workspace.RecipePath,
                _workspace.Path);
    }

    private static bool Overlaps(string a, string b) =>
        a.StartsWith(b, StringComparison.Ordinal) || b.StartsWith(a.TrimEnd('/'), StringComparison.Ordinal);
}
