using System.Text.Encodings.Web;
using System.Text.Json;

namespace QuickFix.Text;

/// <summary>
/// Writes a small CLIP-format tokenizer folder learnt from a caption corpus, so that synthesized test checkpoints carry
/// a tokenizer made entirely inside the repository.
/// </summary>
/// <remarks>
/// <para>Which vocabulary is which:</para>
/// <list type="bullet">
/// <item><description><b>CLIP vocabulary</b> (49,408 ids, BOS 49406, EOS 49407): OpenAI's, shipped with every real
/// SD checkpoint's <c>tokenizer/</c> folder and kept outside the repository (tests read it from <c>shared/</c>).
/// It is only ever read at run time, never copied into the repository.</description></item>
/// <item><description><b>Tiny vocabulary</b> (this class; 512 + merges + 2 ids, BOS = size − 2, EOS = size − 1): learnt
/// from <see cref="TinyCaptionCorpus"/> or a given corpus by <see cref="BytePairTrainer"/>, for tiny synthesized
/// checkpoints. Its ids mean nothing to a real text encoder.</description></item>
/// </list>
/// <para>Both are laid out exactly as CLIP builds its vocabulary (algorithm.md §8 item 5, <c>simple_tokenizer.py</c>):
/// the 256 byte symbols of <c>bytes_to_unicode()</c>, the same 256 with <c>&lt;/w&gt;</c>, one entry per merge in rank
/// order, then <c>&lt;|startoftext|&gt;</c> and <c>&lt;|endoftext|&gt;</c>. Output is deterministic: the same corpus
/// (in any order), merge count and padding give byte-identical files.</para>
/// </remarks>
public static class TinyVocabularyBuilder
{
    /// <summary>
    /// Merge budget of the default tiny vocabulary. Training on <see cref="TinyCaptionCorpus"/> stops earlier (469 merges,
    /// 983 ids), once every corpus word is a single token.
    /// </summary>
    public const int DefaultMergeCount = 1000;

    /// <summary>Writes the default tiny vocabulary: <see cref="TinyCaptionCorpus.Captions"/> with <see cref="DefaultMergeCount"/> merges.</summary>
    public static void Write(string directory, PaddingStyle padding = PaddingStyle.EndOfText) =>
        Write(directory, TinyCaptionCorpus.Captions, DefaultMergeCount, padding);

    /// <summary>
    /// Learns up to <paramref name="mergeCount"/> merges from <paramref name="corpus"/> (fewer when every word is
    /// already one symbol) and writes <c>vocab.json</c>, <c>merges.txt</c> (<c>#version: 0.2</c> header),
    /// <c>tokenizer_config.json</c> and <c>special_tokens_map.json</c> into <paramref name="directory"/>, creating it.
    /// <paramref name="padding"/> sets <c>pad_token</c>: <c>"&lt;|endoftext|&gt;"</c> or <c>"!"</c>.
    /// </summary>
    public static void Write(string directory, IEnumerable<string> corpus, int mergeCount, PaddingStyle padding = PaddingStyle.EndOfText)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentNullException.ThrowIfNull(corpus);
        ArgumentOutOfRangeException.ThrowIfNegative(mergeCount);
        var padToken = padding switch
        {
            PaddingStyle.EndOfText => ClipVocabularyFiles.EndOfText,
            PaddingStyle.Zero => ClipVocabularyFiles.ZeroPadToken,
            _ => throw new ArgumentOutOfRangeException(nameof(padding), padding, "Unknown padding style."),
        };

        var merges = BytePairTrainer.Learn(corpus, mergeCount);
        Directory.CreateDirectory(directory);
        WriteVocabulary(Path.Combine(directory, ClipVocabularyFiles.VocabularyFileName), merges);
        WriteMerges(Path.Combine(directory, ClipVocabularyFiles.MergesFileName), merges);
        WriteJson(Path.Combine(directory, ClipVocabularyFiles.TokenizerConfigFileName), writer =>
        {
            writer.WriteString("tokenizer_class", "CLIPTokenizer");
            writer.WriteNumber("model_max_length", ClipTokenizer.ContextLength);
            WriteSpecialTokens(writer, padToken);
            writer.WriteBoolean("do_lower_case", true);
            writer.WriteBoolean("add_prefix_space", false);
            writer.WriteString("errors", "replace");
        });
        WriteJson(Path.Combine(directory, ClipVocabularyFiles.SpecialTokensMapFileName), writer => WriteSpecialTokens(writer, padToken));
    }

    private static void WriteSpecialTokens(Utf8JsonWriter writer, string padToken)
    {
        writer.WriteString("bos_token", ClipVocabularyFiles.StartOfText);
        writer.WriteString("eos_token", ClipVocabularyFiles.EndOfText);
        writer.WriteString("pad_token", padToken);
        writer.WriteString("unk_token", ClipVocabularyFiles.EndOfText);
    }

    private static void WriteVocabulary(string path, IReadOnlyList<(string Left, string Right)> merges)
    {
        IEnumerable<string> tokens =
        [
            .. ClipByteEncoding.SymbolsInVocabularyOrder,
            .. ClipByteEncoding.SymbolsInVocabularyOrder.Select(symbol => symbol + ClipVocabularyFiles.EndOfWordSuffix),
            .. merges.Select(merge => merge.Left + merge.Right),
            ClipVocabularyFiles.StartOfText,
            ClipVocabularyFiles.EndOfText,
        ];
        WriteJson(path, writer =>
        {
            var id = 0;
            foreach (var token in tokens)
            {
                writer.WriteNumber(token, id++);
            }
        }, indented: false);
    }

    private static void WriteMerges(string path, IReadOnlyList<(string Left, string Right)> merges)
    {
        using var writer = new StreamWriter(path, append: false, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false)) { NewLine = "\n" };
        writer.WriteLine(ClipVocabularyFiles.MergesVersionHeader);
        foreach (var (left, right) in merges)
        {
            writer.WriteLine($"{left} {right}");
        }
    }

    private static void WriteJson(string path, Action<Utf8JsonWriter> writeProperties, bool indented = true)
    {
        using var stream = File.Create(path);
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions
        {
            Indented = indented,
            NewLine = "\n",
            // Keep byte symbols and "<|...|>" readable, as HF writes them (ensure_ascii=False).
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        }))
        {
            writer.WriteStartObject();
            writeProperties(writer);
            writer.WriteEndObject();
        }

        stream.WriteByte((byte)'\n');
    }
}
