namespace QuickFix.Checkpoints;

/// <summary>
/// Crash-safe file output: written to a temporary file in the destination folder, flushed to disk, then renamed over
/// the destination. A failed, cancelled or killed write leaves any previous file intact (and at most a hidden
/// <c>.*.tmp</c> file, which the next write of that name removes).
/// </summary>
public static class AtomicFile
{
    /// <summary>Writes <paramref name="path"/> through <paramref name="write"/> and returns what it returns.</summary>
    public static T Write<T>(string path, Func<FileStream, T> write)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(write);
        var fullPath = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(fullPath)!;
        Directory.CreateDirectory(directory);
        RemoveLeftovers(directory, Path.GetFileName(fullPath));
        var temporary = Path.Combine(directory, $".{Path.GetFileName(fullPath)}.{Guid.NewGuid():N}.tmp");
        var renamed = false;
        try
        {
            T result;
            using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1 << 20))
            {
                result = write(file);
                file.Flush(flushToDisk: true);
            }

            File.Move(temporary, fullPath, overwrite: true);
            renamed = true;
            return result;
        }
        finally
        {
            if (!renamed)
            {
                File.Delete(temporary);
            }
        }
    }

    /// <summary>Temporary files of earlier writes of <paramref name="fileName"/> that were killed before renaming.</summary>
    private static void RemoveLeftovers(string directory, string fileName)
    {
        foreach (var leftover in Directory.EnumerateFiles(directory, $".{fileName}.*.tmp"))
        {
            try
            {
                // Only files no other writer holds open: a concurrent write keeps its own temporary file.
                using (new FileStream(leftover, FileMode.Open, FileAccess.ReadWrite, FileShare.None))
                {
                }

                File.Delete(leftover);
            }
            catch (IOException)
            {
            }
        }
    }
}
