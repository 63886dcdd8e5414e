using QuickFix.Checkpoints.Layouts;
using QuickFix.Recipes;

namespace QuickFix.Tests.Recipes;

/// <summary>The example recipes in <c>recipes/</c> parse, and say what their names promise.</summary>
public sealed class ExampleRecipeTests
{
    public static TheoryData<string> Files => [.. FileNames()];

    private static IEnumerable<string> FileNames() =>
        Directory.GetFiles(RepositoryFiles.Path("recipes"), "*.yaml").Select(path => Path.GetFileName(path)).Order(StringComparer.Ordinal);

    [Theory]
    [MemberData(nameof(Files))]
    public void Every_example_parses_with_a_synthesized_model_and_output_under_artifacts(string file)
    {
        var recipe = RecipeLoader.Load(RepositoryFiles.Path("recipes", file));

        Assert.Equal(new SynthModelSpec(ModelFamily.SD15, ModelSize.Tiny, 1234), recipe.Model.Synth);
        Assert.StartsWith(RepositoryFiles.Path("artifacts") + Path.DirectorySeparatorChar, recipe.Output.Path.FullPath, StringComparison.Ordinal);
    }

    [Fact]
    public void There_are_the_four_documented_examples()
    {
        Assert.Equal(
            ["multi-edit-with-preserve.yaml", "remove-snoopy.yaml", "remove-van-gogh-style.yaml", "update-president.yaml"],
            FileNames());
    }

    [Theory]
    [InlineData("remove-van-gogh-style.yaml", "Van Gogh", "painting", EditKind.Style)]
    [InlineData("remove-snoopy.yaml", "Snoopy", "a dog", EditKind.Object)]
    [InlineData("update-president.yaml", "The President of the United States", "Joe Biden", EditKind.Fact)]
    public void Single_edit_examples_hold_their_edit(string file, string key, string value, EditKind kind)
    {
        var recipe = RecipeLoader.Load(RepositoryFiles.Path("recipes", file));

        Assert.Equal([new EditSpec(key, value, kind)], recipe.Edits);
    }

    [Fact]
    public void The_multi_edit_example_holds_three_edits_preserve_prompts_and_images()
    {
        var recipe = RecipeLoader.Load(RepositoryFiles.Path("recipes", "multi-edit-with-preserve.yaml"));

        Assert.Equal(["Van Gogh", "Snoopy", "The President of the United States"], recipe.Edits.Select(edit => edit.Key));
        Assert.Equal(3, recipe.Preserve.Count);
        Assert.Equal(MethodSpec.Default, recipe.Method);
        Assert.Equal(4, recipe.Images!.Prompts.Count * recipe.Images.Seeds.Count);
        Assert.Equal(new ImageSize(64, 64), recipe.Images.Size);
    }
}
