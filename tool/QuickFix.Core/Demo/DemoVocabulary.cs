using QuickFix.Text;

namespace QuickFix.Demo;

/// <summary>
/// The demo model's tokenizer: a CLIP-format BPE vocabulary (<c>vocab.json</c>, <c>merges.txt</c> and the two config
/// files) learnt by <see cref="TinyVocabularyBuilder"/> from every caption the generator can write
/// (<see cref="DemoCaptionCorpus"/>), so it is the same for every seed and count and spells every caption word as one
/// token.
/// </summary>
public static class DemoVocabulary
{
    /// <summary>The merge budget; learning stops earlier, once every corpus word is a single token.</summary>
    public const int MergeCount = 1000;

    /// <summary>The vocabulary's size (ids) as <see cref="Write"/> learns it; a test keeps the two in step.</summary>
    public const int Size = 688;

    /// <summary>
    /// Writes the tokenizer files into <paramref name="directory"/> (created if missing); each file appears whole or not
    /// at all (written into a hidden folder beside them, then renamed into place). Returns the vocabulary size.
    /// </summary>
    /// <exception cref="DemoDataException">QF1502: <paramref name="directory"/> is an existing file.</exception>
    public static int Write(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        var target = DemoDataWriter.PrepareFolder(directory);
        var staging = Path.Combine(target, $".vocab.{Guid.NewGuid():N}.tmp");
        try
        {
            TinyVocabularyBuilder.Write(staging, DemoCaptionCorpus.Captions(), MergeCount);
            foreach (var file in Directory.GetFiles(staging).Order(StringComparer.Ordinal))
            {
                File.Move(file, Path.Combine(target, Path.GetFileName(file)), overwrite: true);
            }
        }
        finally
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }

        return ClipVocabularyFiles.ReadVocabulary(Path.Combine(target, ClipVocabularyFiles.VocabularyFileName)).Count;
    }
}
