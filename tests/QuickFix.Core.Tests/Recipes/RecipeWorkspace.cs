using QuickFix.Recipes;
using QuickFix.Tests.Text;

namespace QuickFix.Tests.Recipes;

/// <summary>
/// A temporary folder to resolve recipes against: it holds <c>base/</c> (an existing "model" folder),
/// <c>base.safetensors</c> (an existing "model" file) and <c>tokenizer/</c>, and recipes are parsed as <c>edits.yaml</c> in it.
/// </summary>
internal sealed class RecipeWorkspace : IDisposable
{
    /// <summary>A valid prefix (lines 1-5) that error cases extend, so that their own lines start at 6.</summary>
    public const string Head = """
        version: 1
        model:
          synth: { family: sd15, size: tiny, seed: 1 }
        output:
          path: out

        """;

    /// <summary>A valid recipe with a synthesized model; line 3 is the synth mapping, line 7 the edit.</summary>
    public const string Minimal = Head + "edits:\n  - { key: Van Gogh, value: painting }";

    /// <summary>A valid <c>edits</c> section on one line.</summary>
    public const string OneEdit = "edits: [{ key: a, value: b }]\n";

    private readonly TemporaryDirectory _directory = new();

    public RecipeWorkspace()
    {
        Directory.CreateDirectory(File("base"));
        Directory.CreateDirectory(File("tokenizer"));
        System.IO.File.WriteAllBytes(File("base.safetensors"), [0]);
    }

    public string Path => _directory.Path;

    public string RecipePath => File("edits.yaml");

    public string File(string name) => _directory.File(name);

    public Recipe Parse(string yaml) => RecipeLoader.Parse(yaml, RecipePath);

    public RecipeException Fail(string yaml) => Assert.Throws<RecipeException>(() => Parse(yaml));

    /// <summary>Parses <paramref name="yaml"/>, expecting error <paramref name="code"/> at the 1-based place, its message containing <paramref name="message"/>.</summary>
    public RecipeException Fail(string rule, string yaml, string code, int line, int column, string message)
    {
        var error = Fail(yaml);

        Assert.True(code == error.Code, $"{rule}: expected {code}, got {error.Code}: {error.Message} at {error.Line}:{error.Column}");
        Assert.Equal((line, column), (error.Line, error.Column));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Equal(RecipePath, error.FilePath);
        Assert.True(error.IsInputError);
        return error;
    }

    public void Dispose() => _directory.Dispose();
}
