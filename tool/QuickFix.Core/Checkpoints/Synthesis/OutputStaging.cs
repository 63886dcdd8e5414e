namespace QuickFix.Checkpoints.Synthesis;

/// <summary>
/// Builds a folder next to its destination and swaps it in only when complete (design.md "Crash-safe"): the new folder
/// is renamed into place, and an existing one is first renamed aside and deleted only after the new one is in.
/// </summary>
internal static class OutputStaging
{
    /// <summary>Creates an empty hidden folder beside <paramref name="target"/> (same volume, so renames are atomic).</summary>
    public static string CreateSibling(string target)
    {
        var staged = Sibling(target, "tmp");
        Directory.CreateDirectory(staged);
        return staged;
    }

    /// <summary>Moves <paramref name="staged"/> to <paramref name="target"/>, replacing any folder there.</summary>
    public static void Replace(string staged, string target)
    {
        if (!Directory.Exists(target))
        {
            Directory.Move(staged, target);
            return;
        }

        var aside = Sibling(target, "old");
        Directory.Move(target, aside);
        try
        {
            Directory.Move(staged, target);
        }
        catch
        {
            Directory.Move(aside, target); // put the previous output back
            throw;
        }

        DeleteIfPresent(aside);
    }

    /// <summary>Deletes <paramref name="directory"/> and its contents if it exists.</summary>
    public static void DeleteIfPresent(string directory)
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static string Sibling(string target, string purpose) =>
        Path.Combine(Path.GetDirectoryName(target)!, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.{purpose}");
}
