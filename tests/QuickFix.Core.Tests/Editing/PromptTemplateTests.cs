using QuickFix.Editing;

namespace QuickFix.Tests.Editing;

/// <summary>TIME's augmentation rule (fixture recipe.json <c>template_rule</c>).</summary>
public sealed class PromptTemplateTests
{
    [Theory]
    [InlineData("{}", "A dog", "A dog")]
    [InlineData("A photo of {}", "A dog", "A photo of a dog")]
    [InlineData("An image of {}", "Van Gogh", "An image of Van Gogh")]
    [InlineData("A picture of {}", "Apple pie", "A picture of apple pie")]
    [InlineData("A picture of {}", "an apple", "A picture of an apple")]
    public void Templates_lower_case_only_a_leading_capital_A(string template, string caption, string expected) =>
        Assert.Equal(expected, PromptTemplate.Apply(template, caption));

    [Fact]
    public void A_template_without_a_placeholder_is_rejected() =>
        Assert.Throws<ArgumentException>(() => PromptTemplate.Apply("a photo", "cat"));
}
