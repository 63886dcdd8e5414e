using QuickFix.Text;

namespace QuickFix.Tests.Text;

/// <summary>OpenAI's clean-up and pre-tokenisation rules (algorithm.md §8 items 1–2) on the real vocabulary.</summary>
public sealed class ClipTokenizerNormalizationTests(ClipTokenizerFixture fixture) : IClassFixture<ClipTokenizerFixture>
{
    private readonly ClipTokenizer _tokenizer = fixture.EndOfTextPadded;

    [Theory]
    [InlineData("  a\tphoto\r\n of\u00A0a   cat ", "a photo of a cat")]
    [InlineData("a photo of a cat &amp; a dog", "a photo of a cat & a dog")]
    [InlineData("a photo of a cat &amp;amp; a dog", "a photo of a cat & a dog")]
    [InlineData("I &lt;3 cats &#33;", "i <3 cats !")]
    [InlineData("A PHOTO OF A CAT", "a photo of a cat")]
    public void Text_is_cleaned_like_openai_before_tokenisation(string text, string equivalent)
    {
        Assert.Equal(_tokenizer.Encode(equivalent), _tokenizer.Encode(text));
    }

    [Fact]
    public void Special_token_text_maps_to_its_id()
    {
        var a = _tokenizer.Encode("a")[1];
        var b = _tokenizer.Encode("b")[1];

        Assert.Equal([49406, a, 49407, b, 49407], _tokenizer.Encode("a <|endoftext|> b"));
        Assert.Equal([49406, a, 49406, 49407], _tokenizer.Encode("a <|STARTOFTEXT|>"));
    }

    [Theory]
    [InlineData("don't", new[] { "don", "'t" })]
    [InlineData("it's 42!", new[] { "it", "'s", "4", "2", "!" })]
    [InlineData("!'s", new[] { "!'", "s" })]
    [InlineData("!<|endoftext|>", new[] { "!<|", "endoftext", "|>" })]
    [InlineData("<|endoftext|>a", new[] { "<|endoftext|>", "a" })]
    [InlineData("a\U0001D538b \U0001D7CF\U0001D7D0", new[] { "a\U0001D538b", "\U0001D7CF", "\U0001D7D0" })]
    [InlineData("hi🙂!? ok", new[] { "hi", "🙂!?", "ok" })]
    [InlineData("", new string[0])]
    public void Pre_tokeniser_scans_like_the_python_pattern(string text, string[] expected)
    {
        var pieces = ClipPreTokenizer.Split(text).Select(range => text.Substring(range.Offset, range.Length));

        Assert.Equal(expected, pieces);
    }

    [Fact]
    public void Null_text_is_rejected()
    {
        Assert.Throws<ArgumentNullException>(() => _tokenizer.Encode(null!));
        Assert.Throws<ArgumentNullException>(() => _tokenizer.Tokenize(null!));
    }
}
