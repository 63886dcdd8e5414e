using System.Text.Encodings.Web;
using System.Text.Json;
using QuickFix.Checkpoints.Layouts;
using QuickFix.Text;

namespace QuickFix.Checkpoints.Synthesis;

/// <summary>Writes the tokenizer folder of one text encoder of a synthesized checkpoint.</summary>
internal static class TokenizerFolderWriter
{
    /// <summary>
    /// The padding text encoder <paramref name="encoderIndex"/> of <paramref name="family"/> was trained with
    /// (algorithm.md §8 item 7): SD 2.x and SDXL's second encoder pad with "!" (id 0), the others with EOS.
    /// </summary>
    public static PaddingStyle PaddingOf(ModelFamily family, int encoderIndex) =>
        family == ModelFamily.SD21 || encoderIndex == 1 ? PaddingStyle.Zero : PaddingStyle.EndOfText;

    /// <summary>
    /// Checks the source tokenizer (so that errors name the user's files), then writes <paramref name="directory"/>:
    /// the tiny vocabulary when <paramref name="sourceDirectory"/> is null, else a copy of its <c>vocab.json</c> and
    /// <c>merges.txt</c>; in both cases with config files declaring <paramref name="padding"/>.
    /// </summary>
    /// <returns>The tokenizer as written, loaded back.</returns>
    /// <exception cref="TokenizerFormatException">The source folder is missing or malformed.</exception>
    public static ClipTokenizer Write(string directory, string? sourceDirectory, PaddingStyle padding)
    {
        if (sourceDirectory is null)
        {
            TinyVocabularyBuilder.Write(directory, padding);
        }
        else
        {
            _ = ClipTokenizer.FromDirectory(sourceDirectory, padding);
            Directory.CreateDirectory(directory);
            foreach (var name in (string[])[ClipVocabularyFiles.VocabularyFileName, ClipVocabularyFiles.MergesFileName])
            {
                File.Copy(Path.Combine(sourceDirectory, name), Path.Combine(directory, name));
            }

            WriteSpecialTokenFiles(directory, padding);
        }

        return ClipTokenizer.FromDirectory(directory);
    }

    /// <summary><c>tokenizer_config.json</c> and <c>special_tokens_map.json</c> as <see cref="TinyVocabularyBuilder"/> writes them.</summary>
    private static void WriteSpecialTokenFiles(string directory, PaddingStyle padding)
    {
        var padToken = padding == PaddingStyle.Zero ? ClipVocabularyFiles.ZeroPadToken : ClipVocabularyFiles.EndOfText;
        void SpecialTokens(Utf8JsonWriter writer)
        {
            writer.WriteString("bos_token", ClipVocabularyFiles.StartOfText);
            writer.WriteString("eos_token", ClipVocabularyFiles.EndOfText);
            writer.WriteString("pad_token", padToken);
            writer.WriteString("unk_token", ClipVocabularyFiles.EndOfText);
        }

        WriteJson(Path.Combine(directory, ClipVocabularyFiles.TokenizerConfigFileName), writer =>
        {
            writer.WriteString("tokenizer_class", "CLIPTokenizer");
            writer.WriteNumber("model_max_length", ClipTokenizer.ContextLength);
            SpecialTokens(writer);
            writer.WriteBoolean("do_lower_case", true);
            writer.WriteBoolean("add_prefix_space", false);
            writer.WriteString("errors", "replace");
        });
        WriteJson(Path.Combine(directory, ClipVocabularyFiles.SpecialTokensMapFileName), SpecialTokens);
    }

    private static void WriteJson(string path, Action<Utf8JsonWriter> writeProperties)
    {
        using var stream = File.Create(path);
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions
        {
            Indented = true,
            NewLine = "\n",
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // "<|endoftext|>" as HF writes it
        }))
        {
            writer.WriteStartObject();
            writeProperties(writer);
            writer.WriteEndObject();
        }

        stream.WriteByte((byte)'\n');
    }
}
