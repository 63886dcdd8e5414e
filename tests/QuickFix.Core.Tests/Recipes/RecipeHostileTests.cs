using QuickFix.Baking;
using QuickFix.Checkpoints.Layouts;
using QuickFix.Recipes;
using QuickFix.Tests.Baking;

namespace QuickFix.Tests.Recipes;

/// <summary>
/// Hostile recipes (issue 8, item 2): alias bombs, nesting, huge captions, wrong types, unknown and duplicate keys,
/// outputs that would replace the recipe's own folder. Each is one clear error with its code, line and column, and
/// is refused before anything expensive runs.
/// </summary>
public sealed class RecipeHostileTests : IDisposable
{
    private const string Synth = "model: { synth: { family: sd15, size: tiny, seed: 1 } }\n";

    private const string Head = RecipeWorkspace.Head;

    private const string Edits = RecipeWorkspace.OneEdit;

    private readonly RecipeWorkspace _workspace = new();

    public void Dispose() => _workspace.Dispose();

    public static TheoryData<string, string, string, int, int, string> Cases => new()
    {
        { "output is the recipe's folder", "version: 1\n" + Synth + "output: { path: . }\n" + Edits, RecipeException.OutputHoldsRecipeCode, 3, 17, "output.path: '.' (" },
        { "output is the recipe's folder, slashed", "version: 1\n" + Synth + "output: { path: ./ }\n" + Edits, RecipeException.OutputHoldsRecipeCode, 3, 17, "is the recipe's own folder" },
        { "output is the recipe's parent", "version: 1\n" + Synth + "output: { path: .. }\n" + Edits, RecipeException.OutputHoldsRecipeCode, 3, 17, "'..' (" },
        { "output two folders up", "version: 1\n" + Synth + "output: { path: ../.. }\n" + Edits, RecipeException.OutputHoldsRecipeCode, 3, 17, "is a folder that holds the recipe" },
        { "output up and back down", "version: 1\n" + Synth + "output: { path: sub/../. }\n" + Edits, RecipeException.OutputHoldsRecipeCode, 3, 17, "is the recipe's own folder" },
        { "output through .. into the model", "version: 1\nmodel: { path: base }\noutput: { path: sub/../base }\n" + Edits, RecipeException.OutputOverlapsModelCode, 3, 17, "is the base model" },
        { "merge key", Head + Edits + "method: { <<: { lambda: 1 } }\n", RecipeException.UnknownKeyCode, 7, 11, "method.<<: unknown key" },
        { "homoglyph key", Head + Edits + "method: { l\u0430mbda: 0.1 }\n", RecipeException.UnknownKeyCode, 7, 11, "method.l\u0430mbda: unknown key" },
        { "quoted duplicate of a plain key", Head + Edits + "\"edits\": []\n", RecipeException.DuplicateKeyCode, 7, 1, "edits: this key appears twice" },
        { "duplicate key in a flow mapping", Head + "edits: [{ key: a, value: b, key: c }]\n", RecipeException.DuplicateKeyCode, 6, 29, "key: this key appears twice" },
        { "version as a decimal", "version: 1.0\n", RecipeException.WrongTypeCode, 1, 10, "version: expected an integer, found '1.0'" },
        { "version in hexadecimal", "version: 0x1\n", RecipeException.WrongTypeCode, 1, 10, "version: expected an integer, found '0x1'" },
        { "version as a list", "version: [1]\n", RecipeException.WrongTypeCode, 1, 10, "version: expected an integer" },
        { "seed in exponent notation", Head.Replace("seed: 1", "seed: 1e3", StringComparison.Ordinal) + Edits, RecipeException.WrongTypeCode, 3, 44, "model.synth.seed: expected an integer, found '1e3'" },
        { "YAML 1.1 boolean", "version: 1\n" + Synth + "output: { path: out, delta: yes }\n" + Edits, RecipeException.WrongTypeCode, 3, 29, "output.delta: expected true or false, found 'yes'" },
        { "edits as a mapping", Head + "edits: { key: a, value: b }\n", RecipeException.WrongTypeCode, 6, 8, "edits: expected a list" },
        { "caption as a mapping", Head + "edits: [{ key: { a: 1 }, value: b }]\n", RecipeException.WrongTypeCode, 6, 16, "edits[0].key: expected text" },
        { "lambda overflowing to infinity", Head + Edits + "method:\n  lambda: 1e999\n", RecipeException.OutOfRangeCode, 8, 11, "method.lambda: expected a finite number greater than 0, found '1e999'" },
        { "negative infinite lambda", Head + Edits + "method:\n  lambda: -.inf\n", RecipeException.OutOfRangeCode, 8, 11, "method.lambda: expected a finite number greater than 0" },
        { "lambda in hexadecimal", Head + Edits + "method:\n  lambda: 0x10\n", RecipeException.WrongTypeCode, 8, 11, "method.lambda: expected a number, found '0x10'" },
        { "infinite guidance", Head + Edits + "images: { prompts: [a], seeds: [1], snapshots: s, guidance: .inf }\n", RecipeException.OutOfRangeCode, 7, 61, "images.guidance: expected a finite number" },
        { "caption over the character limit", Head + $"edits: [{{ key: {new string('a', RecipeLoader.MaxCaptionLength + 1)}, value: b }}]\n", RecipeException.CaptionTooLongCode, 6, 16, "edits[0].key: the text is 2401 characters long" },
        { "template over the character limit", Head + Edits + $"method: {{ templates: ['{{}} {new string('x', RecipeLoader.MaxCaptionLength)}'] }}\n", RecipeException.CaptionTooLongCode, 7, 23, "method.templates[0]: the text is 2403 characters long" },
        { "preserve prompt over the character limit", Head + Edits + $"preserve: [\"{new string('é', 100_000)}\"]\n", RecipeException.CaptionTooLongCode, 7, 12, "preserve[0]: the text is 100000 characters long" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Each_hostile_recipe_reports_its_code_place_and_key(string rule, string yaml, string code, int line, int column, string message)
    {
        _workspace.Fail(rule, yaml, code, line, column, message);
    }

    [Fact]
    public void The_classic_billion_laughs_is_refused_without_expanding_it()
    {
        // Nine levels of ten aliases: 10^9 nodes if expanded, from 700 bytes.
        var lines = new List<string> { "version: 1", "l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]" };
        for (var level = 1; level <= 9; level++)
        {
            lines.Add($"l{level}: &l{level} [{string.Join(", ", Enumerable.Repeat($"*l{level - 1}", 10))}]");
        }

        var yaml = string.Join('\n', lines);
        _workspace.Fail(yaml); // warm up: JIT and first-use costs
        var before = GC.GetAllocatedBytesForCurrentThread();
        var error = _workspace.Fail(yaml);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(RecipeException.StructureLimitCode, error.Code);
        Assert.Equal((6, 45), (error.Line, error.Column)); // level 4's eighth alias passes 10^5 expanded nodes; level 9 is never reached
        Assert.Contains($"more than {RecipeLoader.MaxNodes} values with its aliases expanded", error.Message, StringComparison.Ordinal);
        Assert.InRange(allocated, 0, 4 << 20); // the tree of 700 bytes, never the expansion
    }

    [Fact]
    public void One_large_anchor_aliased_many_times_is_refused()
    {
        var anchor = "[" + string.Join(", ", Enumerable.Range(0, 1000)) + "]";
        var yaml = $"version: 1\nbig: &big {anchor}\nmany: [{string.Join(", ", Enumerable.Repeat("*big", 200))}]\n";

        var error = _workspace.Fail(yaml);

        Assert.Equal(RecipeException.StructureLimitCode, error.Code);
        Assert.Equal(3, error.Line);
    }

    [Theory]
    [InlineData('[', ']')]
    [InlineData('{', '}')]
    public void Nesting_half_a_million_levels_deep_stops_at_the_depth_limit(char open, char close)
    {
        const int Depth = 500_000;
        var yaml = "version: 1\nx: " + new string(open, Depth) + new string(close, Depth) + "\n";
        Assert.True(yaml.Length <= RecipeLoader.MaxDocumentLength);

        var error = _workspace.Fail(yaml);

        Assert.Equal(RecipeException.StructureLimitCode, error.Code);
        Assert.Equal((2, 4 + RecipeLoader.MaxDepth - 1), (error.Line, error.Column)); // the 32nd bracket after the root and 'x'
        Assert.Contains($"nests deeper than {RecipeLoader.MaxDepth} levels", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unclosed_nesting_is_refused_at_the_depth_limit_not_at_the_end()
    {
        var error = _workspace.Fail("version: 1\nx: " + new string('[', 500_000));

        Assert.Equal(RecipeException.StructureLimitCode, error.Code);
    }

    [Fact]
    public void An_output_that_leaves_the_recipe_folder_without_holding_it_is_accepted_and_normalized()
    {
        var recipe = _workspace.Parse("version: 1\n" + Synth + "output: { path: ../artifacts/./edited/../edited }\n" + Edits);

        var expected = Path.Combine(Path.GetDirectoryName(_workspace.Path)!, "artifacts", "edited");
        Assert.Equal(expected, recipe.Output.Path.FullPath);
        Assert.Equal("../artifacts/./edited/../edited", recipe.Output.Path.Text);
    }

    [Fact]
    public void An_absolute_output_naming_the_recipe_folder_is_refused_like_a_relative_one()
    {
        var error = _workspace.Fail($"version: 1\n{Synth}output: {{ path: '{_workspace.Path}' }}\n{Edits}");

        Assert.Equal(RecipeException.OutputHoldsRecipeCode, error.Code);
        Assert.Equal((3, 17), (error.Line, error.Column));
    }

    [Fact]
    public void A_caption_of_exactly_the_character_limit_is_read()
    {
        var caption = new string('a', RecipeLoader.MaxCaptionLength);

        var recipe = _workspace.Parse(Head + $"edits: [{{ key: {caption}, value: b }}]\n");

        Assert.Equal(caption, recipe.Edits[0].Key);
    }

    [Fact]
    public void A_caption_over_77_tokens_stops_the_bake_at_its_line_before_anything_is_written()
    {
        using var temp = new TemporaryDirectory();
        var recipePath = temp.File("edits.yaml");
        var output = temp.File("edited");
        var caption = string.Join(' ', Enumerable.Repeat("cat", 80));
        File.WriteAllText(recipePath, $"""
            version: 1
            model:
              path: {TinyModels.Get(ModelFamily.SD15, CheckpointLayout.Diffusers)}
            output:
              path: {output}
            edits:
              - key: {caption}
                value: a dog
            """);

        var error = Assert.Throws<RecipeException>(() => RecipeBaker.Bake(RecipeLoader.Load(recipePath), new BakeOptions(Trace: false, Images: false)));

        Assert.Equal(RecipeException.CaptionTooLongCode, error.Code);
        Assert.Equal((7, 10), (error.Line, error.Column));
        Assert.Equal(recipePath, error.FilePath);
        Assert.StartsWith("edits[0].key: with the template '{}' the caption is ", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("CLIP tokens long; at most 75 fit.", error.Message, StringComparison.Ordinal);
        Assert.Equal([recipePath], Directory.GetFileSystemEntries(temp.Path));
    }
}
