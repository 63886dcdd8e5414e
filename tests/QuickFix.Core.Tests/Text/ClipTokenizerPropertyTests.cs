using CsCheck;
using QuickFix.Text;

namespace QuickFix.Tests.Text;

/// <summary>Framing invariants over arbitrary text, on the tiny vocabulary (fast to build and load).</summary>
public sealed class ClipTokenizerPropertyTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();
    private readonly ClipTokenizer _tokenizer;

    public ClipTokenizerPropertyTests()
    {
        TinyVocabularyBuilder.Write(_directory.Path, PaddingStyle.Zero);
        _tokenizer = ClipTokenizer.FromDirectory(_directory.Path);
    }

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Any_text_encodes_to_framed_ids_consistent_with_count_and_tokens()
    {
        var words = Gen.OneOf<string>("a", "photo", "of", "van", "gogh", "zebra", "42", "!", "über", "🙂", " ", "\t", "&amp;", "<|endoftext|>");
        var texts = Gen.OneOf(Gen.String, words.Array[0, 120].Select(parts => string.Concat(parts)));

        texts.Sample(text =>
        {
            var ids = _tokenizer.Encode(text);
            var padded = _tokenizer.EncodePadded(text);
            var count = _tokenizer.CountTokens(text);

            Assert.Equal(_tokenizer.Tokenize(text).Count, count);
            Assert.Equal(Math.Min(count, ClipTokenizer.ContextLength - 2) + 2, ids.Count);
            Assert.Equal(_tokenizer.BeginOfTextId, ids[0]);
            Assert.Equal(_tokenizer.EndOfTextId, ids[^1]);
            Assert.All(ids, id => Assert.InRange(id, 0, _tokenizer.VocabularySize - 1));
            Assert.Equal(ClipTokenizer.ContextLength, padded.Length);
            Assert.Equal([.. ids, .. Enumerable.Repeat(0, ClipTokenizer.ContextLength - ids.Count)], padded);
        }, iter: 300);
    }
}
