using Microsoft.ML.Tokenizers;

namespace QuickFix.Text;

/// <summary>
/// The CLIP text tokenizer (algorithm.md §8): OpenAI's clean-up, lower-casing, CLIP's pre-tokeniser and byte-level BPE
/// with the <c>&lt;/w&gt;</c> end-of-word suffix, framed as <c>[BOS] + ids + [EOS]</c> and padded to 77 ids.
/// The BPE itself is Microsoft.ML.Tokenizers' <see cref="BpeTokenizer"/> (platform.md, "CLIP tokenizer on
/// Microsoft.ML.Tokenizers 2.0.1"); the vocabulary is read at run time from the folder or files given.
/// Instances are immutable once loaded.
/// </summary>
public sealed class ClipTokenizer
{
    /// <summary>CLIP's context length (<c>model_max_length</c>): BOS, at most 75 tokens, EOS, padding.</summary>
    public const int ContextLength = 77;

    private const int MaxContentTokens = ContextLength - 2;

    private readonly BpeTokenizer _bpe;

    private ClipTokenizer(BpeTokenizer bpe, int beginOfTextId, int endOfTextId, int vocabularySize, PaddingStyle padding)
    {
        _bpe = bpe;
        BeginOfTextId = beginOfTextId;
        EndOfTextId = endOfTextId;
        VocabularySize = vocabularySize;
        Padding = padding;
        // Zero padding is literally id 0, the "!" of every CLIP-layout vocabulary (OpenAI zero-fills; diffusers looks "!" up).
        PadId = padding == PaddingStyle.EndOfText ? endOfTextId : 0;
    }

    /// <summary>Id of <c>&lt;|startoftext|&gt;</c> in the vocabulary (49406 for CLIP).</summary>
    public int BeginOfTextId { get; }

    /// <summary>Id of <c>&lt;|endoftext|&gt;</c> in the vocabulary (49407 for CLIP).</summary>
    public int EndOfTextId { get; }

    /// <summary>The id that fills <see cref="EncodePadded"/> after EOS: <see cref="EndOfTextId"/> or 0, per <see cref="Padding"/>.</summary>
    public int PadId { get; }

    /// <summary>Number of vocabulary entries (49,408 for CLIP): the text encoder's embedding rows.</summary>
    public int VocabularySize { get; }

    /// <summary>How <see cref="EncodePadded"/> fills the context.</summary>
    public PaddingStyle Padding { get; }

    /// <summary>
    /// Loads a diffusers/HF tokenizer folder: <c>vocab.json</c> and <c>merges.txt</c>, plus the pad token of
    /// <c>special_tokens_map.json</c> or <c>tokenizer_config.json</c> when <paramref name="padding"/> is null
    /// (<c>"&lt;|endoftext|&gt;"</c> → <see cref="PaddingStyle.EndOfText"/>, <c>"!"</c> → <see cref="PaddingStyle.Zero"/>,
    /// neither file → <see cref="PaddingStyle.EndOfText"/>, HF's default).
    /// </summary>
    /// <exception cref="TokenizerFormatException">A file is missing or malformed.</exception>
    public static ClipTokenizer FromDirectory(string directory, PaddingStyle? padding = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        if (!Directory.Exists(directory))
        {
            throw new TokenizerFormatException(
                TokenizerFormatException.MissingFileCode, $"{directory}: tokenizer folder not found.", directory);
        }

        return FromFiles(
            Path.Combine(directory, ClipVocabularyFiles.VocabularyFileName),
            Path.Combine(directory, ClipVocabularyFiles.MergesFileName),
            padding ?? ClipVocabularyFiles.ReadPadding(directory));
    }

    /// <summary>Loads a tokenizer from a <c>vocab.json</c> and a <c>merges.txt</c>.</summary>
    /// <exception cref="TokenizerFormatException">A file is missing or malformed.</exception>
    public static ClipTokenizer FromFiles(string vocabPath, string mergesPath, PaddingStyle padding)
    {
        ArgumentException.ThrowIfNullOrEmpty(vocabPath);
        ArgumentException.ThrowIfNullOrEmpty(mergesPath);
        if (!Enum.IsDefined(padding))
        {
            throw new ArgumentOutOfRangeException(nameof(padding), padding, "Unknown padding style.");
        }

        var vocabulary = ClipVocabularyFiles.ReadVocabulary(vocabPath);
        var merges = ClipVocabularyFiles.ReadMerges(mergesPath, vocabulary);
        var beginOfTextId = vocabulary[ClipVocabularyFiles.StartOfText];
        var endOfTextId = vocabulary[ClipVocabularyFiles.EndOfText];
        var specialTokens = new Dictionary<string, int>(StringComparer.Ordinal)
        {
            [ClipVocabularyFiles.StartOfText] = beginOfTextId,
            [ClipVocabularyFiles.EndOfText] = endOfTextId,
        };

        var bpe = BpeTokenizer.Create(new BpeOptions(vocabulary)
        {
            Merges = merges,
            EndOfWordSuffix = ClipVocabularyFiles.EndOfWordSuffix,
            ByteLevel = true,
            // Invariant lower-casing equals Python's str.lower() except for 'İ' and a word-final 'Σ' (full case mapping).
            Normalizer = new LowerCaseNormalizer(),
            PreTokenizer = new ClipPreTokenizer(),
            SpecialTokens = specialTokens,
        });

        return new ClipTokenizer(bpe, beginOfTextId, endOfTextId, vocabulary.Count, padding);
    }

    /// <summary>
    /// <c>[BOS] + ids + [EOS]</c>, unpadded. A text of more than 75 tokens keeps its first 75 and still ends with EOS
    /// (HF <c>truncation=True, max_length=77</c>), so the result has at most <see cref="ContextLength"/> ids.
    /// </summary>
    public IReadOnlyList<int> Encode(string text)
    {
        var content = EncodeContent(text);
        var kept = Math.Min(content.Count, MaxContentTokens);
        var ids = new int[kept + 2];
        ids[0] = BeginOfTextId;
        for (var i = 0; i < kept; i++)
        {
            ids[i + 1] = content[i];
        }

        ids[^1] = EndOfTextId;
        return ids;
    }

    /// <summary>Exactly <see cref="ContextLength"/> ids as fed to the text encoder: <see cref="Encode"/> then <see cref="PadId"/>.</summary>
    public int[] EncodePadded(string text)
    {
        var padded = new int[ContextLength];
        var ids = Encode(text);
        for (var i = 0; i < ids.Count; i++)
        {
            padded[i] = ids[i];
        }

        Array.Fill(padded, PadId, ids.Count, ContextLength - ids.Count);
        return padded;
    }

    /// <summary>Number of tokens between BOS and EOS before truncation (a caption fits when this is at most 75).</summary>
    public int CountTokens(string text) => EncodeContent(text).Count;

    /// <summary>
    /// The BPE token strings between BOS and EOS, untruncated, in byte-level form (e.g. <c>"van&lt;/w&gt;"</c>):
    /// token <c>i</c> has id <c>Encode(text)[i + 1]</c> while <c>i &lt; 75</c>.
    /// </summary>
    public IReadOnlyList<string> Tokenize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return [.. _bpe.EncodeToTokens(ClipTextCleaner.Clean(text), out _).Select(token => token.Value)];
    }

    private IReadOnlyList<int> EncodeContent(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return _bpe.EncodeToIds(ClipTextCleaner.Clean(text));
    }
}
