using QuickFix.Text;

namespace QuickFix.Tests.Text;

/// <summary>The test vectors of algorithm.md §8, on the real CLIP vocabulary.</summary>
public sealed class ClipTokenizerVectorTests(ClipTokenizerFixture fixture) : IClassFixture<ClipTokenizerFixture>
{
    private readonly ClipTokenizer _tokenizer = fixture.EndOfTextPadded;

    [Theory]
    [InlineData("a photo of a cat", new[] { 49406, 320, 1125, 539, 320, 2368, 49407 })]
    [InlineData("a photo of a dog", new[] { 49406, 320, 1125, 539, 320, 1929, 49407 })]
    [InlineData("a photo of an astronaut riding a horse on mars", new[] { 49406, 320, 1125, 539, 550, 18376, 6765, 320, 4558, 525, 7496, 49407 })]
    [InlineData("Apple CoreML developer tools on a Macbook Air are fast", new[] { 49406, 3055, 19622, 5780, 10929, 5771, 525, 320, 20617, 1922, 631, 1953, 49407 })]
    [InlineData("Hello, world!", new[] { 49406, 3306, 267, 1002, 256, 49407 })]
    [InlineData("don't stop 42 times", new[] { 49406, 847, 713, 1691, 275, 273, 1661, 49407 })]
    [InlineData("the black dog", new[] { 49406, 518, 1449, 1929, 49407 })]
    [InlineData("", new[] { 49406, 49407 })]
    [InlineData("A PHOTO of  a Cat!", new[] { 49406, 320, 1125, 539, 320, 2368, 256, 49407 })]
    // The DIFF-QUICKFIX example prompts (§8 "Checked").
    [InlineData("van gogh", new[] { 49406, 2451, 19697, 49407 })]
    [InlineData("painting", new[] { 49406, 3086, 49407 })]
    [InlineData("A photo of van gogh", new[] { 49406, 320, 1125, 539, 2451, 19697, 49407 })]
    [InlineData("A photo of painting", new[] { 49406, 320, 1125, 539, 3086, 49407 })]
    [InlineData("a car in the style of van gogh", new[] { 49406, 320, 1615, 530, 518, 1844, 539, 2451, 19697, 49407 })]
    public void Encode_reproduces_the_reference_ids(string text, int[] expected)
    {
        Assert.Equal(expected, _tokenizer.Encode(text));
        Assert.Equal(expected.Length - 2, _tokenizer.CountTokens(text));
    }

    [Fact]
    public void Vocabulary_has_clip_layout_and_special_ids()
    {
        Assert.Equal(49408, _tokenizer.VocabularySize);
        Assert.Equal(49406, _tokenizer.BeginOfTextId);
        Assert.Equal(49407, _tokenizer.EndOfTextId);
    }

    [Fact]
    public void Tokenize_returns_byte_level_tokens_with_end_of_word_suffix()
    {
        Assert.Equal(["a</w>", "car</w>", "in</w>", "the</w>", "style</w>", "of</w>", "van</w>", "gogh</w>"],
            _tokenizer.Tokenize("a car in the style of Van Gogh"));
        Assert.Equal(["don</w>", "'t</w>", "4</w>", "2</w>", "!</w>"], _tokenizer.Tokenize("don't 42!"));
    }

    [Fact]
    public void End_of_text_padding_fills_with_49407()
    {
        var padded = _tokenizer.EncodePadded("a photo of a cat");

        int[] expected = [49406, 320, 1125, 539, 320, 2368, 49407, .. Enumerable.Repeat(49407, 70)];
        Assert.Equal(expected, padded);
        Assert.Equal(49407, _tokenizer.PadId);
        Assert.Equal(PaddingStyle.EndOfText, _tokenizer.Padding);
    }

    [Fact]
    public void Zero_padding_fills_with_0()
    {
        var tokenizer = fixture.ZeroPadded;

        var padded = tokenizer.EncodePadded("a photo of a cat");

        int[] expected = [49406, 320, 1125, 539, 320, 2368, 49407, .. Enumerable.Repeat(0, 70)];
        Assert.Equal(expected, padded);
        Assert.Equal(0, tokenizer.PadId);
        Assert.Equal(PaddingStyle.Zero, tokenizer.Padding);
    }

    [Fact]
    public void Text_longer_than_the_context_keeps_its_first_75_tokens_and_ends_with_eos()
    {
        // "cat" is one token (2368), so 80 words give 80 tokens.
        var text = string.Join(' ', Enumerable.Repeat("cat", 80));

        var ids = _tokenizer.Encode(text);

        Assert.Equal(80, _tokenizer.CountTokens(text));
        Assert.Equal(80, _tokenizer.Tokenize(text).Count);
        int[] expected = [49406, .. Enumerable.Repeat(2368, 75), 49407];
        Assert.Equal(expected, ids);
        Assert.Equal(expected, _tokenizer.EncodePadded(text));
        Assert.Equal(expected, fixture.ZeroPadded.EncodePadded(text));
    }

    [Fact]
    public void Exactly_75_tokens_fit_without_padding()
    {
        var text = string.Join(' ', Enumerable.Repeat("dog", 75));

        var padded = fixture.ZeroPadded.EncodePadded(text);

        Assert.Equal(77, padded.Length);
        Assert.Equal(49407, padded[76]);
        Assert.DoesNotContain(0, padded);
    }
}
