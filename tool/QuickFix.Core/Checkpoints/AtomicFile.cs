namespace QuickFix.Checkpoints;

/// <summary>
/// Crash-safe file output: written to a temporary file in the destination folder, flushed to disk, then renamed over
/// the destination. A failed, cancelled or killed write leaves any previous file intact (and at most a hidden
/// <c>.*.tmp</c> file, which a later write of that name removes). Writers of the same file may race (parallel builds
/// sharing the hash cache): each renames its own complete file, the last one wins, and none removes another's
/// temporary file.
/// </summary>
public static class AtomicFile
{
    /// <summary>
    /// A temporary file younger than this is never taken for a leftover, even when unlocked: .NET creates a file
    /// before it locks it, and a concurrent writer may be between the two.
    /// </summary>
    private static readonly TimeSpan LeftoverAge = TimeSpan.FromSeconds(10);

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
            // Renamed while still open (FileShare.Delete allows it on Windows): the file is locked (a shared flock on
            // Unix) from creation to rename, so another writer's RemoveLeftovers never takes it for a dead writer's.
            using var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.Delete, bufferSize: 1 << 20);
            var result = write(file);
            file.Flush(flushToDisk: true);
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
                if (DateTime.UtcNow - File.GetLastWriteTimeUtc(leftover) < LeftoverAge)
                {
                    continue;
                }

                // Only files no writer holds open: a live write keeps its temporary file locked until it is renamed.
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
