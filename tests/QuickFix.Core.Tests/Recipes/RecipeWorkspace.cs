using QuickFix.Recipes;
using QuickFix.Tests.Text;

namespace QuickFix.Tests.Recipes;

/// <summary>
/// A temporary folder to resolve recipes against: it holds <c>base/</c> (an existing "model" folder),
/// <c>base.safetensors</c> (an existing "model" file) and <c>tokenizer/</c>, and recipes are parsed as <c>edits.yaml</c> in it.
/// </summary>
internal sealed class RecipeWorkspace : IDisposable
{
    /// <summary>A valid recipe with a synthesized model; line 3 is the synth mapping, line 7 the edit.</summary>
    public const string Minimal = """
        version: 1
        model:
          synth: { family: sd15, size: tiny, seed: 1 }
        output:
          path: out
        edits:
          - { key: Van Gogh, value: painting }
        """;

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

    public void Dispose() => _directory.Dispose();
}
