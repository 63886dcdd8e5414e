using QuickFix.Text;
using QuickFix.Tracing;

namespace QuickFix.Tests.Tracing;

/// <summary>The subject's token span, found with the real CLIP vocabulary (shared/data/clip-tokenizer).</summary>
public sealed class SubjectLocatorTests
{
    private static ClipTokenizer Clip(PaddingStyle padding) => ClipTokenizer.FromDirectory(SharedData.ClipTokenizerDirectory, padding);

    [Theory]
    [InlineData(PaddingStyle.EndOfText)]
    [InlineData(PaddingStyle.Zero)]
    public void Van_Gogh_is_two_tokens_ending_before_EOS(PaddingStyle padding)
    {
        var tokenizer = Clip(padding);

        var span = SubjectLocator.Find(tokenizer, "A painting in the style of Van Gogh", "Van Gogh");

        // BOS a painting in the style of van gogh EOS: van = 2451, gogh = 19697 (TextCommandsTests' ids).
        Assert.Equal((7, 8), (span.First, span.Last));
        Assert.Equal([2451, 19697], span.Ids);
        Assert.Equal(["van</w>", "gogh</w>"], span.Tokens);
        var padded = tokenizer.EncodePadded("A painting in the style of Van Gogh");
        Assert.Equal(tokenizer.EndOfTextId, padded[9]);
        Assert.All(padded[10..], id => Assert.Equal(padding == PaddingStyle.Zero ? 0 : tokenizer.EndOfTextId, id));
    }

    [Theory]
    [InlineData(PaddingStyle.EndOfText)]
    [InlineData(PaddingStyle.Zero)]
    public void Greg_Rutkowski_is_found_as_a_contiguous_run_wherever_it_stands(PaddingStyle padding)
    {
        var tokenizer = Clip(padding);
        var subjectIds = tokenizer.Encode("Greg Rutkowski").Skip(1).SkipLast(1).ToArray();

        var middle = SubjectLocator.Find(tokenizer, "a castle, by Greg Rutkowski, trending on artstation", "greg rutkowski");
        var start = SubjectLocator.Find(tokenizer, "Greg Rutkowski", "Greg Rutkowski");

        Assert.True(subjectIds.Length >= 3, $"expected a multi-token subject, got {subjectIds.Length} tokens");
        Assert.Equal(subjectIds, middle.Ids);
        var promptIds = tokenizer.Encode("a castle, by Greg Rutkowski, trending on artstation");
        Assert.Equal(subjectIds, promptIds.Skip(middle.First).Take(middle.Length));
        Assert.Equal(5, middle.First); // BOS a castle , by
        Assert.Equal((1, subjectIds.Length), (start.First, start.Last));
    }

    [Fact]
    public void The_first_occurrence_is_taken()
    {
        var span = SubjectLocator.Find(Clip(PaddingStyle.EndOfText), "snoopy and a friend of snoopy", "Snoopy");

        Assert.Equal((1, 1), (span.First, span.Last));
    }

    [Theory]
    [InlineData("a photo of a cat", "Van Gogh")]
    [InlineData("a photo of van gogh", "gogh van")]
    [InlineData("a photo of vangogh", "van gogh")]
    public void A_subject_not_in_the_prompt_names_both(string prompt, string subject)
    {
        var error = Assert.Throws<TraceException>(() => SubjectLocator.Find(Clip(PaddingStyle.EndOfText), prompt, subject));

        Assert.Equal("QF0801", error.Code);
        Assert.Equal(TraceError.SubjectNotInPrompt, error.Reason);
        Assert.Contains($"'{subject}'", error.Message, StringComparison.Ordinal);
        Assert.Contains($"'{prompt}'", error.Message, StringComparison.Ordinal);
        Assert.True(error.IsInputError);
    }

    [Fact]
    public void A_subject_beyond_the_75_kept_tokens_is_not_in_the_prompt()
    {
        var prompt = string.Join(' ', Enumerable.Repeat("cat", 80)) + " van gogh";

        var error = Assert.Throws<TraceException>(() => SubjectLocator.Find(Clip(PaddingStyle.EndOfText), prompt, "van gogh"));

        Assert.Contains("first 75", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_subject_is_refused()
    {
        var error = Assert.Throws<TraceException>(() => SubjectLocator.Find(Clip(PaddingStyle.EndOfText), "a photo of a cat", "  "));

        Assert.Equal("QF0802", error.Code);
    }
}
