using QuickFix.Recipes;
using QuickFix.Tests.Text;

namespace QuickFix.Tests.Recipes;

/// <summary>The checks that need the opened model: caption lengths with the real CLIP vocabulary, encoder indices.</summary>
public sealed class RecipeModelChecksTests : IClassFixture<ClipTokenizerFixture>, IDisposable
{
    private readonly RecipeWorkspace _workspace = new();
    private readonly ClipTokenizerFixture _tokenizers;

    public RecipeModelChecksTests(ClipTokenizerFixture tokenizers)
    {
        _tokenizers = tokenizers;
    }

    public void Dispose() => _workspace.Dispose();

    // "cat" is one CLIP token, so n repetitions are n tokens; "A photo of" adds 3.
    private static string Cats(int count) => string.Join(' ', Enumerable.Repeat("cat", count));

    private Recipe WithEdit(string key) => _workspace.Parse($"""
        version: 1
        model: {"{"} synth: {"{"} family: sd15, size: tiny, seed: 1 {"}"} {"}"}
        output: {"{"} path: out {"}"}
        edits:
          - key: {key}
            value: a dog
        """);

    [Fact]
    public void A_caption_that_fits_with_every_template_passes()
    {
        var recipe = WithEdit(Cats(72));

        Assert.Equal(75, _tokenizers.EndOfTextPadded.CountTokens("A picture of " + Cats(72)));
        RecipeModelChecks.CheckCaptionLengths(recipe, _tokenizers.EndOfTextPadded);
    }

    [Fact]
    public void A_caption_too_long_with_a_template_is_reported_at_the_caption()
    {
        var recipe = WithEdit(Cats(73));

        var error = Assert.Throws<RecipeException>(() => RecipeModelChecks.CheckCaptionLengths(recipe, _tokenizers.EndOfTextPadded));

        Assert.Equal(RecipeException.CaptionTooLongCode, error.Code);
        Assert.Equal((5, 10), (error.Line, error.Column));
        Assert.Equal("edits[0].key: with the template 'A photo of {}' the caption is 76 CLIP tokens long; at most 75 fit.", error.Message);
        Assert.Equal(_workspace.RecipePath, error.FilePath);
    }

    [Fact]
    public void Preserve_and_image_prompts_are_checked_as_written()
    {
        var recipe = _workspace.Parse(RecipeWorkspace.Minimal + $"\npreserve: [a, {Cats(75)}]\nimages: {{ prompts: [{Cats(76)}], seeds: [1], snapshots: s }}\n");

        var error = Assert.Throws<RecipeException>(() => RecipeModelChecks.CheckCaptionLengths(recipe, _tokenizers.ZeroPadded));

        Assert.Equal(RecipeException.CaptionTooLongCode, error.Code);
        Assert.Equal((9, 21), (error.Line, error.Column));
        Assert.StartsWith("images.prompts[0]: the prompt is 76 CLIP tokens long", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Encoder_indices_beyond_the_model_are_reported_at_the_index()
    {
        var recipe = _workspace.Parse(RecipeWorkspace.Minimal + "\nmethod:\n  encoders: [0, 1]\n");

        RecipeModelChecks.CheckEncoders(recipe, textEncoderCount: 2);
        var error = Assert.Throws<RecipeException>(() => RecipeModelChecks.CheckEncoders(recipe, textEncoderCount: 1));

        Assert.Equal(RecipeException.EncoderOutOfRangeCode, error.Code);
        Assert.Equal((9, 17), (error.Line, error.Column));
        Assert.StartsWith("method.encoders[1]: the model has 1 text encoder(s)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void All_encoders_fit_any_model()
    {
        RecipeModelChecks.CheckEncoders(_workspace.Parse(RecipeWorkspace.Minimal), textEncoderCount: 1);
    }
}
