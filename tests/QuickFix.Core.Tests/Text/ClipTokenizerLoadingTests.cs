using QuickFix.Text;

namespace QuickFix.Tests.Text;

/// <summary>Loading a tokenizer folder: pad-token detection and QF03xx errors naming file and line.</summary>
public sealed class ClipTokenizerLoadingTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public ClipTokenizerLoadingTests()
    {
        TinyVocabularyBuilder.Write(_directory.Path, ["van gogh"], 3);
    }

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData("{\"pad_token\": \"!\"}", PaddingStyle.Zero)]
    [InlineData("{\"pad_token\": {\"content\": \"!\", \"lstrip\": false}}", PaddingStyle.Zero)]
    [InlineData("{\"pad_token\": \"<|endoftext|>\"}", PaddingStyle.EndOfText)]
    public void Special_tokens_map_pad_token_decides_padding(string specialTokensMap, PaddingStyle expected)
    {
        File.WriteAllText(_directory.File("special_tokens_map.json"), specialTokensMap);

        Assert.Equal(expected, ClipTokenizer.FromDirectory(_directory.Path).Padding);
    }

    [Fact]
    public void Tokenizer_config_decides_when_the_special_tokens_map_is_absent()
    {
        File.Delete(_directory.File("special_tokens_map.json"));
        File.WriteAllText(_directory.File("tokenizer_config.json"), "{\"pad_token\": \"!\"}");

        Assert.Equal(PaddingStyle.Zero, ClipTokenizer.FromDirectory(_directory.Path).Padding);
    }

    [Fact]
    public void Without_configuration_files_padding_is_end_of_text_and_an_explicit_style_wins()
    {
        File.Delete(_directory.File("special_tokens_map.json"));
        File.Delete(_directory.File("tokenizer_config.json"));

        Assert.Equal(PaddingStyle.EndOfText, ClipTokenizer.FromDirectory(_directory.Path).Padding);
        Assert.Equal(PaddingStyle.Zero, ClipTokenizer.FromDirectory(_directory.Path, PaddingStyle.Zero).Padding);
        Assert.Equal(PaddingStyle.Zero, ClipTokenizer.FromFiles(_directory.File("vocab.json"), _directory.File("merges.txt"), PaddingStyle.Zero).Padding);
    }

    [Fact]
    public void Unsupported_pad_token_is_QF0304()
    {
        File.WriteAllText(_directory.File("special_tokens_map.json"), "{\"pad_token\": \"<pad>\"}");

        var error = Assert.Throws<TokenizerFormatException>(() => ClipTokenizer.FromDirectory(_directory.Path));

        Assert.Equal("QF0304", error.Code);
        Assert.Equal(_directory.File("special_tokens_map.json"), error.FilePath);
    }

    [Fact]
    public void Missing_folder_or_file_is_QF0301()
    {
        var missingFolder = Assert.Throws<TokenizerFormatException>(() => ClipTokenizer.FromDirectory(_directory.File("nowhere")));
        File.Delete(_directory.File("merges.txt"));
        var missingMerges = Assert.Throws<TokenizerFormatException>(() => ClipTokenizer.FromDirectory(_directory.Path));

        Assert.Equal("QF0301", missingFolder.Code);
        Assert.Equal("QF0301", missingMerges.Code);
        Assert.Equal(_directory.File("merges.txt"), missingMerges.FilePath);
        Assert.True(missingMerges.IsInputError);
    }

    [Fact]
    public void Malformed_vocab_json_is_QF0302_with_its_line()
    {
        File.WriteAllText(_directory.File("vocab.json"), "{\n\"a\": 0,\n\"b\": oops\n}");

        var error = Assert.Throws<TokenizerFormatException>(() => ClipTokenizer.FromDirectory(_directory.Path));

        Assert.Equal("QF0302", error.Code);
        Assert.Equal(_directory.File("vocab.json"), error.FilePath);
        Assert.Equal(3, error.Line);
    }

    [Theory]
    [InlineData("{\"a\": 0, \"<|startoftext|>\": 1, \"<|endoftext|>\": 3}", "has id 3")]
    [InlineData("{\"a\": 0, \"b\": 0, \"<|endoftext|>\": 2}", "has id 0")]
    [InlineData("{\"a\": 0, \"<|endoftext|>\": 1}", "<|startoftext|>")]
    public void Vocabulary_without_dense_ids_or_specials_is_QF0302(string vocabulary, string messagePart)
    {
        File.WriteAllText(_directory.File("vocab.json"), vocabulary);

        var error = Assert.Throws<TokenizerFormatException>(() => ClipTokenizer.FromDirectory(_directory.Path));

        Assert.Equal("QF0302", error.Code);
        Assert.Contains(messagePart, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    // The vocabulary learnt from "van gogh" with 3 merges has "a n</w>", "g h</w>" and "g o".
    [InlineData("#version: 0.2\na n</w>\ng h</w>\nq\n", 4)]
    [InlineData("#version: 0.2\na n</w>\nzz y\n", 3)]
    [InlineData("#version: 0.2\na n</w>\nv an</w>\n", 3)]
    [InlineData("a n</w>\na  n</w>\n", 2)]
    public void Malformed_merges_line_is_QF0303_with_its_line(string merges, int line)
    {
        File.WriteAllText(_directory.File("merges.txt"), merges);

        var error = Assert.Throws<TokenizerFormatException>(() => ClipTokenizer.FromDirectory(_directory.Path));

        Assert.Equal("QF0303", error.Code);
        Assert.Equal(_directory.File("merges.txt"), error.FilePath);
        Assert.Equal(line, error.Line);
        Assert.Contains($"merges.txt({line})", error.Message, StringComparison.Ordinal);
    }
}
