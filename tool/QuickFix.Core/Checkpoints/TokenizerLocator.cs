namespace QuickFix.Checkpoints;

/// <summary>Finds the tokenizer folder of a text encoder.</summary>
internal static class TokenizerLocator
{
    /// <summary>
    /// An explicit folder wins: its <c>tokenizer/</c> or <c>tokenizer_2/</c> subfolder when it has one, else the folder
    /// itself. Otherwise the first existing candidate.
    /// </summary>
    public static string? Find(string? explicitDirectory, int encoderIndex, params string[] candidates)
    {
        if (explicitDirectory is not null)
        {
            var full = Path.GetFullPath(explicitDirectory);
            var sub = Path.Combine(full, encoderIndex == 0 ? "tokenizer" : "tokenizer_2");
            if (Directory.Exists(sub))
            {
                return sub;
            }

            if (!Directory.Exists(full))
            {
                throw new CheckpointException(CheckpointError.MissingTokenizer, "tokenizer folder not found", full);
            }

            return full;
        }

        return candidates.FirstOrDefault(Directory.Exists);
    }

    /// <summary>The sidecar tokenizer folder of a single file: <c>&lt;name&gt;.tokenizer/</c> or <c>&lt;name&gt;.tokenizer_2/</c> beside it.</summary>
    public static string Sidecar(string filePath, int encoderIndex)
    {
        var folder = Path.GetDirectoryName(filePath)!;
        var stem = Path.GetFileNameWithoutExtension(filePath);
        return Path.Combine(folder, $"{stem}.{(encoderIndex == 0 ? "tokenizer" : "tokenizer_2")}");
    }
}
