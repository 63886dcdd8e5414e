using System.Security.Cryptography;
using System.Text.Json;
using QuickFix.Text;

namespace QuickFix.Tests.Text;

public sealed class TinyVocabularyBuilderTests
{
    private static readonly string[] FileNames = ["vocab.json", "merges.txt", "tokenizer_config.json", "special_tokens_map.json"];

    [Fact]
    public void Default_tiny_vocabulary_loads_with_clip_layout_and_specials_last()
    {
        using var directory = new TemporaryDirectory();
        TinyVocabularyBuilder.Write(directory.Path);

        var tokenizer = ClipTokenizer.FromDirectory(directory.Path);
        var mergeLines = File.ReadAllLines(directory.File("merges.txt"));

        Assert.Equal("#version: 0.2", mergeLines[0]);
        Assert.Equal(512 + (mergeLines.Length - 1) + 2, tokenizer.VocabularySize);
        Assert.Equal(983, tokenizer.VocabularySize);
        Assert.Equal(tokenizer.VocabularySize - 2, tokenizer.BeginOfTextId);
        Assert.Equal(tokenizer.VocabularySize - 1, tokenizer.EndOfTextId);
        Assert.Equal(PaddingStyle.EndOfText, tokenizer.Padding);
        Assert.Equal(tokenizer.EndOfTextId, tokenizer.PadId);
    }

    [Fact]
    public void Vocabulary_entry_512_plus_rank_is_the_concatenation_of_merge_rank()
    {
        using var directory = new TemporaryDirectory();
        TinyVocabularyBuilder.Write(directory.Path);

        var tokens = ReadTokensById(directory.File("vocab.json"));
        var merges = File.ReadAllLines(directory.File("merges.txt")).Skip(1).ToArray();

        Assert.NotEmpty(merges);
        for (var rank = 0; rank < merges.Length; rank++)
        {
            Assert.Equal(merges[rank].Replace(" ", "", StringComparison.Ordinal), tokens[512 + rank]);
        }

        Assert.Equal(["<|startoftext|>", "<|endoftext|>"], tokens[^2..]);
        Assert.Equal(tokens.Length, tokens.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Byte_symbols_match_the_real_clip_vocabulary_first_512_entries()
    {
        using var directory = new TemporaryDirectory();
        TinyVocabularyBuilder.Write(directory.Path);

        var tiny = ReadTokensById(directory.File("vocab.json"));
        var clip = ReadTokensById(Path.Combine(SharedData.ClipTokenizerDirectory, "vocab.json"));

        Assert.Equal(clip[..512], tiny[..512]);
        Assert.Equal("!", tiny[0]);
        Assert.Equal("!</w>", tiny[256]);
        // A merge of the real vocabulary sits at 512 + its rank too (CLIP's construction, algorithm.md §8 item 5).
        var firstClipMerge = File.ReadLines(Path.Combine(SharedData.ClipTokenizerDirectory, "merges.txt")).Skip(1).First();
        Assert.Equal(firstClipMerge.Replace(" ", "", StringComparison.Ordinal), clip[512]);
    }

    [Theory]
    [InlineData("a photo of van gogh", new[] { "a</w>", "photo</w>", "of</w>", "van</w>", "gogh</w>" })]
    [InlineData("Snoopy", new[] { "snoopy</w>" })]
    [InlineData("the president of the united states", new[] { "the</w>", "president</w>", "of</w>", "the</w>", "united</w>", "states</w>" })]
    [InlineData("Joe Biden, 4k", new[] { "joe</w>", "biden</w>", ",</w>", "4</w>", "k</w>" })]
    public void Corpus_words_are_single_tokens(string text, string[] expected)
    {
        using var directory = new TemporaryDirectory();
        TinyVocabularyBuilder.Write(directory.Path);

        var tokenizer = ClipTokenizer.FromDirectory(directory.Path);

        Assert.Equal(expected, tokenizer.Tokenize(text));
    }

    [Fact]
    public void Every_corpus_word_round_trips_into_one_token()
    {
        using var directory = new TemporaryDirectory();
        TinyVocabularyBuilder.Write(directory.Path);
        var tokenizer = ClipTokenizer.FromDirectory(directory.Path);

        foreach (var caption in TinyCaptionCorpus.Captions)
        {
            var tokens = tokenizer.Tokenize(caption);
            var preTokens = ClipPreTokenizer.Split(caption.ToLowerInvariant());

            // The corpus is lower-case ASCII, whose byte symbols are the characters themselves.
            Assert.Equal(caption.Replace(" ", "", StringComparison.Ordinal), string.Concat(tokens).Replace("</w>", "", StringComparison.Ordinal));
            Assert.Equal(preTokens.Count, tokens.Count);
        }
    }

    [Fact]
    public void Unknown_words_fall_back_to_byte_symbols()
    {
        using var directory = new TemporaryDirectory();
        TinyVocabularyBuilder.Write(directory.Path);
        var tokenizer = ClipTokenizer.FromDirectory(directory.Path);

        var ids = tokenizer.Encode("xylophone über 🙂");
        var tokens = tokenizer.Tokenize("xylophone über 🙂");

        Assert.Equal(tokenizer.BeginOfTextId, ids[0]);
        Assert.Equal(tokenizer.EndOfTextId, ids[^1]);
        Assert.All(ids.Skip(1).SkipLast(1), id => Assert.InRange(id, 0, tokenizer.VocabularySize - 3));
        // "über" is 5 bytes (ü is two), the emoji 4; the spelled-out byte symbols reproduce the UTF-8 text.
        Assert.Equal("xylophone</w>Ã¼ber</w>ðŁĻĤ</w>", string.Concat(tokens));
        Assert.True(tokens.Count > 3);
    }

    [Theory]
    [InlineData(PaddingStyle.EndOfText, "<|endoftext|>")]
    [InlineData(PaddingStyle.Zero, "!")]
    public void Padding_style_is_written_as_pad_token_and_read_back(PaddingStyle padding, string padToken)
    {
        using var directory = new TemporaryDirectory();
        TinyVocabularyBuilder.Write(directory.Path, padding);

        var tokenizer = ClipTokenizer.FromDirectory(directory.Path);
        var padded = tokenizer.EncodePadded("a dog");
        var expectedPad = padding == PaddingStyle.EndOfText ? tokenizer.EndOfTextId : 0;

        Assert.Equal(padding, tokenizer.Padding);
        Assert.Equal(padToken, ReadString(directory.File("special_tokens_map.json"), "pad_token"));
        Assert.Equal(padToken, ReadString(directory.File("tokenizer_config.json"), "pad_token"));
        Assert.Equal(77, padded.Length);
        Assert.Equal([tokenizer.BeginOfTextId, .. tokenizer.Encode("a dog").Skip(1).SkipLast(1), tokenizer.EndOfTextId], padded[..4]);
        Assert.All(padded[4..], id => Assert.Equal(expectedPad, id));
    }

    [Fact]
    public void Same_inputs_give_byte_identical_files_whatever_the_corpus_order()
    {
        using var first = new TemporaryDirectory();
        using var second = new TemporaryDirectory();
        TinyVocabularyBuilder.Write(first.Path, TinyCaptionCorpus.Captions, 300);
        TinyVocabularyBuilder.Write(second.Path, TinyCaptionCorpus.Captions.Reverse(), 300);

        foreach (var name in FileNames)
        {
            Assert.Equal(Sha256(first.File(name)), Sha256(second.File(name)));
        }
    }

    [Fact]
    public void Default_tiny_vocabulary_files_have_pinned_hashes()
    {
        // Pinned so that a change to the corpus, the trainer or the writer is deliberate: tiny checkpoints'
        // token ids depend on these bytes. Update the hashes together with such a change.
        using var directory = new TemporaryDirectory();
        TinyVocabularyBuilder.Write(directory.Path);

        var hashes = FileNames.Select(name => $"{name} {Sha256(directory.File(name))}").ToArray();

        Assert.Equal(PinnedHashes, hashes);
    }

    [Fact]
    public void Merge_count_limits_the_merges_and_zero_gives_a_pure_byte_vocabulary()
    {
        using var directory = new TemporaryDirectory();
        TinyVocabularyBuilder.Write(directory.Path, ["van gogh"], 0);

        var tokenizer = ClipTokenizer.FromDirectory(directory.Path);

        Assert.Equal(514, tokenizer.VocabularySize);
        Assert.Equal(["v", "a", "n</w>", "g", "o", "g", "h</w>"], tokenizer.Tokenize("van gogh"));
    }

    [Fact]
    public void Training_stops_when_every_word_is_one_symbol()
    {
        using var directory = new TemporaryDirectory();
        TinyVocabularyBuilder.Write(directory.Path, ["aab aab", "ab"], 50);

        // Most frequent pair first, ties ordinally: ("a","a") 2 vs ("a","b</w>") 3 -> "a b</w>", then "a ab</w>".
        Assert.Equal(["#version: 0.2", "a b</w>", "a ab</w>"], File.ReadAllLines(directory.File("merges.txt")));
        Assert.Equal(516, ClipTokenizer.FromDirectory(directory.Path).VocabularySize);
    }

    private static readonly string[] PinnedHashes =
    [
        "vocab.json 55c4c517f58a0b6631f7293feb385c4340dae3466d103d7492066f0bf089c470",
        "merges.txt cade57c8d3e0a0890b38a6e1cd7b6eb81c95849c4423c299a9e8a15cc979013b",
        "tokenizer_config.json f4f90e752a55bb703a77c0483a8c9b69f301ee201487e61bbce2e68cdc4303fd",
        "special_tokens_map.json 92e1e31d71a7f63cd75b4dfa1469377bd2cd6b8292cf70b3ff5b7082b0edc1c9",
    ];

    private static string[] ReadTokensById(string vocabPath)
    {
        var vocabulary = JsonSerializer.Deserialize<Dictionary<string, int>>(File.ReadAllText(vocabPath))!;
        return [.. vocabulary.OrderBy(entry => entry.Value).Select(entry => entry.Key)];
    }

    private static string? ReadString(string jsonPath, string property)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(jsonPath));
        return document.RootElement.GetProperty(property).GetString();
    }

    private static string Sha256(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));
}
