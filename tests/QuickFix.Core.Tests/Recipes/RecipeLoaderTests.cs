using QuickFix.Sampling;
using QuickFix.Checkpoints.Layouts;
using QuickFix.Recipes;

namespace QuickFix.Tests.Recipes;

/// <summary>Defaults, path resolution, source locations and equality of loaded recipes.</summary>
public sealed class RecipeLoaderTests : IDisposable
{
    private readonly RecipeWorkspace _workspace = new();

    public void Dispose() => _workspace.Dispose();

    [Fact]
    public void A_minimal_recipe_gets_the_defaults_of_design_md()
    {
        var recipe = _workspace.Parse(RecipeWorkspace.Minimal);

        Assert.Equal(1, recipe.Version);
        Assert.Equal(new ModelSource(null, new SynthModelSpec(ModelFamily.SD15, ModelSize.Tiny, 1), null), recipe.Model);
        Assert.Equal(OutputLayout.Same, recipe.Output.Layout);
        Assert.False(recipe.Output.Delta);
        Assert.Equal(EditMethod.DiffQuickFix, recipe.Method.Name);
        Assert.Equal(0, recipe.Method.Layer);
        Assert.Equal(0.01, recipe.Method.Lambda);
        Assert.True(recipe.Method.UseEos);
        Assert.Equal(["{}", "A photo of {}", "An image of {}", "A picture of {}"], recipe.Method.Templates);
        Assert.Equal(EditTargets.BiasFree, recipe.Method.Targets);
        Assert.Null(recipe.Method.Encoders);
        Assert.Equal(MethodSpec.Default, recipe.Method);
        Assert.Equal(TraceMode.Require, recipe.Trace.Mode);
        Assert.Equal([new EditSpec("Van Gogh", "painting", null)], recipe.Edits);
        Assert.Empty(recipe.Preserve);
        Assert.Null(recipe.Images);
        Assert.Equal(_workspace.RecipePath, recipe.FilePath);
        Assert.Equal(_workspace.Path, recipe.Directory);
    }

    [Fact]
    public void Image_settings_default_to_25_ddim_steps_at_guidance_7_5_and_512x512()
    {
        var recipe = _workspace.Parse(RecipeWorkspace.Minimal + "\nimages: { prompts: [a cat], seeds: [3, 1], snapshots: snaps }\n");

        var images = Assert.IsType<ImagesSpec>(recipe.Images);
        Assert.Equal(["a cat"], images.Prompts);
        Assert.Equal([3L, 1L], images.Seeds);
        Assert.Equal(25, images.Steps);
        Assert.Equal(7.5, images.Guidance);
        Assert.Equal(SchedulerKind.Ddim, images.Scheduler);
        Assert.Equal(new ImageSize(512, 512), images.Size);
        Assert.Equal("512x512", images.Size.ToString());
        Assert.Equal(new RecipePath("snaps", _workspace.File("snaps")), images.Snapshots);
    }

    [Fact]
    public void Every_value_can_be_set()
    {
        var recipe = _workspace.Parse("""
            version: 1
            model: { path: base.safetensors, tokenizer: ./tokenizer }
            output: { path: out.safetensors, layout: single-file, delta: true }
            method:
              name: diff-quickfix
              layer: 3
              lambda: 2.5e-1
              use_eos: False
              templates: ["a {}", "'{}'"]
              targets: reference
              encoders: [1, 0]
            trace: { mode: off }
            edits:
              - { key: "Snoopy", value: 'a dog', kind: object }
              - { key: 1984, value: a year, kind: fact }
            preserve: [a photo of a cat]
            images: { prompts: [p], seeds: [0], steps: 1000, guidance: 0, scheduler: dpmpp-2m, size: 8x8192, snapshots: /abs/snaps }
            """);

        Assert.Equal(new RecipePath("tokenizer", "x") with { Text = "./tokenizer", FullPath = _workspace.File("tokenizer") }, recipe.Model.Tokenizer);
        Assert.Equal(new OutputSpec(new RecipePath("out.safetensors", _workspace.File("out.safetensors")), OutputLayout.SingleFile, Delta: true), recipe.Output);
        Assert.Equal(
            new MethodSpec(EditMethod.DiffQuickFix, 3, 0.25, false, new(["a {}", "'{}'"]), EditTargets.Reference, new([1, 0])),
            recipe.Method);
        Assert.Equal(TraceMode.Off, recipe.Trace.Mode);
        Assert.Equal([new EditSpec("Snoopy", "a dog", EditKind.Object), new EditSpec("1984", "a year", EditKind.Fact)], recipe.Edits);
        Assert.Equal(
            new ImagesSpec(new(["p"]), new([0L]), 1000, 0, SchedulerKind.DpmSolverMultistep, new ImageSize(8, 8192), new RecipePath("/abs/snaps", "/abs/snaps")),
            recipe.Images);
    }

    [Fact]
    public void Relative_paths_resolve_against_the_recipe_folder_and_dot_dot_may_leave_it()
    {
        var nested = Directory.CreateDirectory(_workspace.File("recipes")).FullName;
        var yaml = "version: 1\nmodel: { path: ../base }\noutput: { path: ../artifacts/./edited/ }\nedits: [{ key: a, value: b }]\n";

        var recipe = RecipeLoader.Parse(yaml, Path.Combine(nested, "edits.yaml"));

        Assert.Equal(new RecipePath("../base", _workspace.File("base")), recipe.Model.Path);
        Assert.Equal(new RecipePath("../artifacts/./edited/", _workspace.File("artifacts/edited/")), recipe.Output.Path);
        Assert.Equal(nested, recipe.Directory);
    }

    [Fact]
    public void A_relative_recipe_path_is_made_absolute()
    {
        var recipe = RecipeLoader.Parse(RecipeWorkspace.Minimal, "some/where/edits.yaml");

        Assert.Equal(Path.GetFullPath("some/where/edits.yaml"), recipe.FilePath);
        Assert.Equal(Path.GetFullPath("some/where/out"), recipe.Output.Path.FullPath);
    }

    [Fact]
    public void Load_reads_the_file_and_equals_parse()
    {
        File.WriteAllText(_workspace.RecipePath, RecipeWorkspace.Minimal);

        Assert.Equal(_workspace.Parse(RecipeWorkspace.Minimal), RecipeLoader.Load(_workspace.RecipePath));
    }

    [Fact]
    public void Locate_gives_where_a_value_was_written_or_its_nearest_written_parent()
    {
        var recipe = _workspace.Parse(RecipeWorkspace.Minimal + "\npreserve:\n  - a cat\n  - a dog\n");

        Assert.Equal(new SourceLocation(7, 12), recipe.Locate("edits[0].key"));
        Assert.Equal(new SourceLocation(7, 29), recipe.Locate("edits[0].value"));
        Assert.Equal(new SourceLocation(10, 5), recipe.Locate("preserve[1]"));
        Assert.Equal(new SourceLocation(5, 9), recipe.Locate("output.path"));
        Assert.Equal(new SourceLocation(5, 3), recipe.Locate("output.layout"));
        Assert.Equal(SourceLocation.Start, recipe.Locate("method.lambda"));
    }

    [Fact]
    public void Equality_ignores_where_values_were_written()
    {
        var compact = _workspace.Parse(RecipeWorkspace.Minimal);
        var spread = _workspace.Parse("""
            # the same recipe, laid out differently
            version: 1
            edits:
              - key: Van Gogh
                value: painting
            output:
              path: "out"
            model:
              synth:
                family: sd15
                size: tiny
                seed: 1
            """);

        Assert.Equal(compact, spread);
        Assert.Equal(compact.GetHashCode(), spread.GetHashCode());
        Assert.NotEqual(compact.Locate("edits[0].key"), spread.Locate("edits[0].key"));
        Assert.NotEqual(compact, spread with { Preserve = new(["x"]) });
    }
}
