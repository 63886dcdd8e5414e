using QuickFix.Text;

namespace QuickFix.Benchmarks.Data;

/// <summary>
/// The tokenizer folder the benchmarks use: CLIP's own vocabulary (49,408 entries, what real checkpoints ship) from
/// <c>../shared/data/clip-tokenizer</c> beside the repository or <c>$QUICKFIX_SHARED</c>, else the project's tiny one
/// written to a scratch folder (then the tokenizer figures are not SD 1.5's; the setup says so).
/// </summary>
internal static class Vocabulary
{
    public static string Folder(ScratchDirectory scratch)
    {
        ArgumentNullException.ThrowIfNull(scratch);
        if (FindClip() is { } clip)
        {
            return clip;
        }

        Console.WriteLine("// CLIP vocabulary not found (../shared/data/clip-tokenizer or $QUICKFIX_SHARED); using the tiny vocabulary.");
        var tiny = scratch.File("tiny-tokenizer");
        TinyVocabularyBuilder.Write(tiny);
        return tiny;
    }

    private static string? FindClip()
    {
        var shared = Environment.GetEnvironmentVariable("QUICKFIX_SHARED");
        if (!string.IsNullOrEmpty(shared))
        {
            return Existing(Path.Combine(shared, "data", "clip-tokenizer"));
        }

        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (Existing(Path.Combine(directory.FullName, "shared", "data", "clip-tokenizer")) is { } found)
            {
                return found;
            }
        }

        return null;
    }

    private static string? Existing(string folder) => File.Exists(Path.Combine(folder, "vocab.json")) ? folder : null;
}
