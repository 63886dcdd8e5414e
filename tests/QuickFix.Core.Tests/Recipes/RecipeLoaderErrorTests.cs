using QuickFix.Recipes;

namespace QuickFix.Tests.Recipes;

/// <summary>One case per rule of <see cref="RecipeException"/>: the code, the 1-based place and the key the message names.</summary>
public sealed class RecipeLoaderErrorTests : IDisposable
{
    private readonly RecipeWorkspace _workspace = new();

    public void Dispose() => _workspace.Dispose();

    private const string Head = RecipeWorkspace.Head;

    private const string Edits = RecipeWorkspace.OneEdit;

    // Output and edits after a model under test (required keys are checked before the model's value).
    private const string Rest = "output: { path: out }\n" + Edits;

    public static TheoryData<string, string, string, int, int, string> Cases => new()
    {
        { "syntax", "version: 1\nmodel: [a, b\n", RecipeException.SyntaxCode, 3, 1, "invalid YAML" },
        { "tag", "version: !!int 1\n", RecipeException.SyntaxCode, 1, 10, "tags" },
        { "undefined alias", "version: 1\nmodel: *nowhere\n", RecipeException.SyntaxCode, 2, 8, "*nowhere" },
        { "second document", "version: 1\n---\nversion: 1\n", RecipeException.SyntaxCode, 2, 1, "second" },
        { "duplicate key", Head + Edits + "output: { path: x }\n", RecipeException.DuplicateKeyCode, 7, 1, "output" },
        { "non-scalar key", "version: 1\n? [a]\n: b\n", RecipeException.WrongTypeCode, 2, 3, "key" },
        { "nesting", "version: 1\nx: " + new string('[', 40) + new string(']', 40) + "\n", RecipeException.StructureLimitCode, 2, 35, "nests" },
        { "empty document", "# nothing\n", RecipeException.WrongTypeCode, 1, 1, "recipe: expected a mapping" },
        { "root not a mapping", "- a\n", RecipeException.WrongTypeCode, 1, 1, "recipe: expected a mapping" },
        { "missing version", "model: {}\n", RecipeException.MissingKeyCode, 1, 1, "version: missing" },
        { "version as text", "version: '1'\n", RecipeException.WrongTypeCode, 1, 10, "version: expected an integer, found the quoted text '1'" },
        { "version 2", "version: 2\nfuture: yes\n", RecipeException.UnsupportedVersionCode, 1, 10, "version: this tool reads recipe version 1, found 2" },
        { "unknown key", Head + Edits + "edit: []\n", RecipeException.UnknownKeyCode, 7, 1, "edit: unknown key; a recipe allows version, model, output, method, trace, edits, preserve, images" },
        { "unknown nested key", Head.Replace("seed: 1", "seeds: 1", StringComparison.Ordinal) + Edits, RecipeException.UnknownKeyCode, 3, 38, "model.synth.seeds: unknown key; model.synth allows family, size, seed" },
        { "unknown model key", "version: 1\nmodel:\n  pth: base\n" + Rest, RecipeException.UnknownKeyCode, 3, 3, "model.pth: unknown key; model allows path, synth, tokenizer" },
        { "unknown edit key", Head + "edits:\n  - { key: a, valeu: b }\n", RecipeException.UnknownKeyCode, 7, 15, "edits[0].valeu: unknown key" },
        { "missing edits", Head, RecipeException.MissingKeyCode, 1, 1, "edits: missing" },
        { "missing output path", Head.Replace("path: out", "layout: same", StringComparison.Ordinal) + Edits, RecipeException.MissingKeyCode, 5, 3, "output.path: missing" },
        { "missing edit value", Head + "edits:\n  - key: a\n", RecipeException.MissingKeyCode, 7, 5, "edits[0].value: missing" },
        { "edits not a list", Head + "edits: Van Gogh\n", RecipeException.WrongTypeCode, 6, 8, "edits: expected a list, found 'Van Gogh'" },
        { "lambda as text", Head + Edits + "method: { lambda: '0.1' }\n", RecipeException.WrongTypeCode, 7, 19, "method.lambda: expected a number" },
        { "null caption", Head + "edits: [{ key: ~, value: b }]\n", RecipeException.WrongTypeCode, 6, 16, "edits[0].key: expected text, found null" },
        { "output not a mapping", "version: 1\nmodel: { synth: { family: sd15, size: tiny, seed: 1 } }\noutput: out\n" + Edits, RecipeException.WrongTypeCode, 3, 9, "output: expected a mapping of keys to values, found 'out'" },
        { "use_eos not boolean", Head + Edits + "method: { use_eos: 1 }\n", RecipeException.WrongTypeCode, 7, 20, "method.use_eos: expected true or false" },
        { "bad enum", Head + Edits + "trace: { mode: sometimes }\n", RecipeException.InvalidEnumCode, 7, 16, "trace.mode: expected one of require, warn, off, found 'sometimes'" },
        { "enum is case-sensitive", Head + Edits + "images: { prompts: [a], seeds: [1], snapshots: s, scheduler: DDIM }\n", RecipeException.InvalidEnumCode, 7, 62, "images.scheduler: expected one of ddim, euler, dpmpp-2m" },
        { "empty caption", Head + "edits: [{ key: '  ', value: b }]\n", RecipeException.EmptyTextCode, 6, 16, "edits[0].key: expected a caption" },
        { "empty path", "version: 1\nmodel: { path: '' }\n" + Rest, RecipeException.EmptyTextCode, 2, 16, "model.path: expected a path" },
        { "duplicate edit", Head + "edits:\n  - { key: Van Gogh, value: painting }\n  - { key: '  van   GOGH ', value: sketch }\n", RecipeException.DuplicateEditCode, 8, 12, "edits[1].key: '  van   GOGH ' is already edited by edits[0] (line 7)" },
        { "negative lambda", Head + Edits + "method:\n  lambda: -1\n", RecipeException.OutOfRangeCode, 8, 11, "method.lambda: expected a finite number greater than 0, found '-1'" },
        { "zero lambda", Head + Edits + "method:\n  lambda: 0\n", RecipeException.OutOfRangeCode, 8, 11, "method.lambda" },
        { "NaN lambda", Head + Edits + "method:\n  lambda: .nan\n", RecipeException.OutOfRangeCode, 8, 11, "method.lambda" },
        { "infinite lambda", Head + Edits + "method:\n  lambda: .inf\n", RecipeException.OutOfRangeCode, 8, 11, "method.lambda" },
        { "negative layer", Head + Edits + "method:\n  layer: -1\n", RecipeException.OutOfRangeCode, 8, 10, "method.layer: expected an integer of 0 or more, found '-1'" },
        { "huge integer", Head + Edits + "method:\n  layer: 99999999999999999999\n", RecipeException.OutOfRangeCode, 8, 10, "too large" },
        { "layer above int", Head + Edits + "method:\n  layer: 4294967296\n", RecipeException.OutOfRangeCode, 8, 10, "method.layer" },
        { "zero steps", Head + Edits + "images: { prompts: [a], seeds: [1], snapshots: s, steps: 0 }\n", RecipeException.OutOfRangeCode, 7, 58, "images.steps: expected an integer from 1 to 1000" },
        { "negative seed", Head.Replace("seed: 1", "seed: -5", StringComparison.Ordinal) + Edits, RecipeException.OutOfRangeCode, 3, 44, "model.synth.seed" },
        { "negative guidance", Head + Edits + "images: { prompts: [a], seeds: [1], snapshots: s, guidance: -1 }\n", RecipeException.OutOfRangeCode, 7, 61, "images.guidance" },
        { "bad size", Head + Edits + "images: { prompts: [a], seeds: [1], snapshots: s, size: 512*512 }\n", RecipeException.InvalidSizeCode, 7, 57, "images.size: expected WIDTHxHEIGHT" },
        { "size not a multiple of 8", Head + Edits + "images: { prompts: [a], seeds: [1], snapshots: s, size: 512x500 }\n", RecipeException.InvalidSizeCode, 7, 57, "images.size" },
        { "size too large", Head + Edits + "images: { prompts: [a], seeds: [1], snapshots: s, size: 16384x512 }\n", RecipeException.InvalidSizeCode, 7, 57, "images.size" },
        { "template without slot", Head + Edits + "method:\n  templates: ['{}', 'A photo of']\n", RecipeException.InvalidTemplateCode, 8, 21, "method.templates[1]: expected a template with '{}' exactly once" },
        { "template with two slots", Head + Edits + "method:\n  templates: ['{} and {}']\n", RecipeException.InvalidTemplateCode, 8, 15, "found 2" },
        { "model not found", "version: 1\nmodel:\n  path: missing/model\n" + Rest, RecipeException.ModelNotFoundCode, 3, 9, "model.path: 'missing/model' (" },
        { "output is the model", "version: 1\nmodel: { path: base }\noutput: { path: ./base/ }\n" + Edits, RecipeException.OutputOverlapsModelCode, 3, 17, "output.path: './base/' (" },
        { "output inside the model", "version: 1\nmodel: { path: base }\noutput: { path: base/edited }\n" + Edits, RecipeException.OutputOverlapsModelCode, 3, 17, "lies inside the base model" },
        { "output holds the model", "version: 1\nmodel: { path: base/../base.safetensors }\noutput: { path: . }\n" + Edits, RecipeException.OutputOverlapsModelCode, 3, 17, "is a folder that holds the base model" },
        { "path and synth", "version: 1\nmodel:\n  path: base\n  synth: { family: sd15, size: tiny, seed: 1 }\n" + Rest, RecipeException.ModelSourceCode, 4, 3, "model.synth: give either" },
        { "neither path nor synth", "version: 1\nmodel:\n  tokenizer: tokenizer\n" + Rest, RecipeException.ModelSourceCode, 3, 3, "model: expected 'path'" },
        { "tokenizer with synth", "version: 1\nmodel:\n  synth: { family: sd15, size: tiny, seed: 1 }\n  tokenizer: tokenizer\n" + Rest, RecipeException.ModelSourceCode, 4, 3, "model.tokenizer" },
        { "tokenizer not found", "version: 1\nmodel:\n  path: base.safetensors\n  tokenizer: nowhere\n" + Rest, RecipeException.TokenizerNotFoundCode, 4, 14, "model.tokenizer: 'nowhere' (" },
        { "duplicate seed", Head + Edits + "images: { prompts: [a], seeds: [1, 1], snapshots: s }\n", RecipeException.DuplicateItemCode, 7, 36, "images.seeds[1]: '1' repeats images.seeds[0]" },
        { "duplicate encoder", Head + Edits + "method: { encoders: [1, 0, 1] }\n", RecipeException.DuplicateItemCode, 7, 28, "method.encoders[2]" },
        { "encoders neither all nor list", Head + Edits + "method: { encoders: both }\n", RecipeException.WrongTypeCode, 7, 21, "method.encoders: expected 'all' or a list" },
        { "empty templates", Head + Edits + "method: { templates: [] }\n", RecipeException.EmptyListCode, 7, 22, "method.templates" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Each_rule_reports_its_code_place_and_key(string rule, string yaml, string code, int line, int column, string message)
    {
        _workspace.Fail(rule, yaml, code, line, column, message);
    }

    [Fact]
    public void An_alias_bomb_is_stopped_by_the_node_limit()
    {
        // Six levels of ten aliases each expand to 10^6 nodes from a few hundred bytes ("billion laughs").
        var lines = new List<string> { "version: 1", "l0: &l0 [x, x, x, x, x, x, x, x, x, x]" };
        for (var level = 1; level <= 6; level++)
        {
            lines.Add($"l{level}: &l{level} [{string.Join(", ", Enumerable.Repeat($"*l{level - 1}", 10))}]");
        }

        var error = _workspace.Fail(string.Join('\n', lines));

        Assert.Equal(RecipeException.StructureLimitCode, error.Code);
        Assert.Equal(6, error.Line); // level 4 (line 6) is the first to pass 100,000 expanded nodes: 111,111
        Assert.Contains("100000", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Aliases_within_the_limit_are_expanded()
    {
        var recipe = _workspace.Parse(Head + "edits:\n  - key: &k Van Gogh\n    value: painting\npreserve: [*k]\n");

        Assert.Equal(["Van Gogh"], recipe.Preserve);
    }

    [Fact]
    public void A_document_over_the_size_limit_is_rejected_before_parsing()
    {
        var yaml = "version: 1\n#" + new string('x', RecipeLoader.MaxDocumentLength);

        var error = _workspace.Fail(yaml);

        Assert.Equal(RecipeException.DocumentTooLargeCode, error.Code);
        Assert.Equal((1, 1), (error.Line, error.Column));
    }

    [Fact]
    public void A_file_over_the_size_limit_is_rejected_before_reading()
    {
        System.IO.File.WriteAllText(_workspace.RecipePath, "version: 1\n#" + new string('x', RecipeLoader.MaxDocumentLength));

        var error = Assert.Throws<RecipeException>(() => RecipeLoader.Load(_workspace.RecipePath));

        Assert.Equal(RecipeException.DocumentTooLargeCode, error.Code);
    }

    [Fact]
    public void A_missing_file_has_no_place()
    {
        var error = Assert.Throws<RecipeException>(() => RecipeLoader.Load(_workspace.File("nowhere.yaml")));

        Assert.Equal(RecipeException.UnreadableFileCode, error.Code);
        Assert.Equal(_workspace.File("nowhere.yaml"), error.FilePath);
        Assert.Null(error.Line);
        Assert.Null(error.Column);
    }

    [Fact]
    public void Every_code_is_distinct_and_in_the_recipe_range()
    {
        var codes = typeof(RecipeException).GetFields()
            .Where(field => field.IsLiteral && field.Name.EndsWith("Code", StringComparison.Ordinal))
            .Select(field => (string)field.GetRawConstantValue()!)
            .ToList();

        Assert.Equal(24, codes.Count);
        Assert.Equal(codes.Count, codes.Distinct().Count());
        Assert.All(codes, code => Assert.Matches("^QF01[0-9]{2}$", code));
    }
}
