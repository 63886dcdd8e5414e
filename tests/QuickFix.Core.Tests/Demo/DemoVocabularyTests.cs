using QuickFix.Demo;
using QuickFix.Text;

namespace QuickFix.Tests.Demo;

/// <summary>The demo vocabulary loads with the project's CLIP tokenizer and spells every caption in whole-word tokens.</summary>
public sealed class DemoVocabularyTests
{
    [Fact]
    public void Every_producible_caption_is_whole_known_words_within_the_context()
    {
        using var directory = new TemporaryDirectory();
        var size = DemoVocabulary.Write(directory.Path);
        var tokenizer = ClipTokenizer.FromDirectory(directory.Path);

        Assert.Equal(size, tokenizer.VocabularySize);
        Assert.Equal(DemoVocabulary.Size, size);
        Assert.Equal((size - 2, size - 1), (tokenizer.BeginOfTextId, tokenizer.EndOfTextId));
        var longest = 0;
        foreach (var caption in DemoCaptionCorpus.Captions())
        {
            // Each pre-token (word or comma) is one vocabulary entry: no word falls back to byte pieces.
            var normalized = caption.ToLowerInvariant();
            var words = ClipPreTokenizer.Split(normalized).Select(w => string.Concat(normalized.AsSpan(w.Offset, w.Length), "</w>")).ToArray();
            Assert.Equal(words, tokenizer.Tokenize(caption));
            var ids = tokenizer.Encode(caption);
            Assert.Equal(words.Length + 2, ids.Count);
            Assert.All(ids, id => Assert.InRange(id, 0, size - 1));
            longest = Math.Max(longest, ids.Count);
        }

        Assert.InRange(longest, 1, ClipTokenizer.ContextLength);
        Assert.Equal(17, longest);
    }

    [Fact]
    public void Writing_twice_gives_the_same_files_and_leaves_no_staging_folder()
    {
        using var directory = new TemporaryDirectory();
        DemoVocabulary.Write(directory.Path);
        var first = Directory.GetFiles(directory.Path).Order(StringComparer.Ordinal).Select(File.ReadAllBytes).ToArray();
        DemoVocabulary.Write(directory.Path);
        var second = Directory.GetFiles(directory.Path).Order(StringComparer.Ordinal).Select(File.ReadAllBytes).ToArray();

        Assert.Equal(["merges.txt", "special_tokens_map.json", "tokenizer_config.json", "vocab.json"],
            Directory.GetFileSystemEntries(directory.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal(first, second);
    }
}
