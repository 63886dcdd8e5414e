using QuickFix.Checkpoints.Manifests;

namespace QuickFix.Baking;

/// <summary>
/// What an output may not replace: the base model (QF1001), however the paths are spelt (symbolic links, a hard
/// link of the base file, the base inside the output folder), and anything QuickFix.Build did not write (QF1009)
/// unless forced.
/// </summary>
internal static class OutputGuard
{
    /// <summary>Why writing <paramref name="outputPath"/> would overwrite or delete <paramref name="basePath"/>; null when it would not.</summary>
    public static string? OverlapWithBase(string outputPath, string basePath)
    {
        var output = Resolve(outputPath);
        var baseRoot = Resolve(basePath);
        if (string.Equals(output, baseRoot, StringComparison.Ordinal))
        {
            return $"is the base model ({baseRoot})";
        }

        if (output.StartsWith(baseRoot + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            return $"is inside the base model ({baseRoot})";
        }

        if (baseRoot.StartsWith(output + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            return $"contains the base model ({baseRoot}), which replacing it would delete";
        }

        return File.Exists(outputPath) && File.Exists(basePath) && UnixFiles.Identity(outputPath) is { } a && a == UnixFiles.Identity(basePath)
            ? $"is a hard link of the base model ({baseRoot})"
            : null;
    }

    /// <summary>
    /// Refuses (QF1009) to replace the <paramref name="existing"/> entries (those absent are skipped) of an output whose manifest
    /// (<paramref name="manifestPath"/>) is not QuickFix.Build's, unless <paramref name="force"/>. An empty folder
    /// holds nothing to lose and is replaced.
    /// </summary>
    public static void CheckReplaceable(IEnumerable<string> existing, string manifestPath, bool force)
    {
        if (Unreplaceable(existing, manifestPath, force) is { } first)
        {
            throw new BakeException(
                "QF1009",
                $"'{first}' exists and was not written by {RecipeBaker.ToolName} (no {Path.GetFileName(manifestPath)} of its own beside it); "
                + "refusing to replace it: move it away, or pass --force (MSBuild: QuickFixForce=true)",
                first);
        }
    }

    /// <summary>The first of <paramref name="existing"/> that <see cref="CheckReplaceable"/> would refuse; null when none.</summary>
    public static string? Unreplaceable(IEnumerable<string> existing, string manifestPath, bool force) =>
        force || WrittenByQuickFix(manifestPath)
            ? null
            : existing.FirstOrDefault(path => File.Exists(path) || (Directory.Exists(path) && Directory.EnumerateFileSystemEntries(path).Any()));

    /// <summary>True when <paramref name="manifestPath"/> is a readable manifest written by this tool.</summary>
    public static bool WrittenByQuickFix(string manifestPath)
    {
        if (!File.Exists(manifestPath))
        {
            return false;
        }

        try
        {
            return BuildManifest.Load(manifestPath).Tool == RecipeBaker.ToolName;
        }
        catch (ManifestException)
        {
            return false;
        }
    }

    /// <summary>The path with every symbolic link in its existing part resolved (the part that does not exist yet appended as spelt).</summary>
    private static string Resolve(string path)
    {
        var full = Trim(Path.GetFullPath(path));
        if (OperatingSystem.IsWindows())
        {
            return full;
        }

        var existing = full;
        var rest = new Stack<string>();
        while (!File.Exists(existing) && !Directory.Exists(existing) && Path.GetDirectoryName(existing) is { } parent)
        {
            rest.Push(Path.GetFileName(existing));
            existing = parent;
        }

        var resolved = UnixFiles.RealPath(existing) ?? existing;
        return Trim(rest.Aggregate(resolved, Path.Combine));
    }

    private static string Trim(string path) => path.Length > 1 ? path.TrimEnd(Path.DirectorySeparatorChar) : path;
}
