using System.Text.Json;
using System.Text.RegularExpressions;
using QuickFix.Checkpoints;

namespace QuickFix.Baking;

/// <summary>
/// Replaces an output (a folder, or a single file with its sidecars: delta, manifest, tokenizer folders, images) so
/// that a crash at any instant leaves the previous output or the new one, never a mix, once the next run has
/// recovered. Everything happens under the output's <see cref="OutputLock"/>, in the output's own folder (renames
/// never cross file systems), under hidden names that start with <c>.&lt;name&gt;.&lt;id&gt;.</c>:
/// <list type="number">
/// <item>The new entries are written into the staging folder <c>.&lt;name&gt;.&lt;id&gt;.tmp/</c> under their final names.</item>
/// <item>The journal <c>.&lt;name&gt;.&lt;id&gt;.commit</c> (written atomically) lists the entries and whether each existed.</item>
/// <item>Per entry: the previous one is renamed into the backup folder <c>.&lt;name&gt;.&lt;id&gt;.old/</c>, the new
/// one renamed into place (the manifest last).</item>
/// <item>The journal is deleted: this is the commit. Then the backup and staging folders are deleted.</item>
/// </list>
/// Crash windows, and what the next run (<see cref="Recover"/>, under the lock) does about them:
/// <list type="bullet">
/// <item>Before the journal: the previous output is untouched; the staging folder is deleted.</item>
/// <item>Journal on disk, renames partly done: for a folder output, between its two renames there is no folder at
/// the output path at all; for a single file, some entries are new and some old. The next <c>apply</c> or
/// <c>verify</c> rolls back from the journal: each moved entry goes back from the backup folder, each new entry that
/// replaced nothing is taken away. Recovery is itself restartable (each of its steps can be redone).</item>
/// <item>After the journal is deleted: the new output is complete; leftover backup and staging folders are deleted.</item>
/// </list>
/// Swapping with one atomic call (Linux's renameat2 RENAME_EXCHANGE, or a symbolic link) would close the window of a
/// folder, but not that of a file and its sidecars, exists only on some file systems, and a symbolic link as the
/// output changes what users and MSBuild globs see; one journal covers both kinds of output everywhere.
/// </summary>
internal sealed partial class OutputTransaction : IDisposable
{
    private readonly OutputLock outputLock;
    private readonly CommitObserver? observer;
    private readonly string folder;
    private readonly string name;
    private readonly string id = Guid.NewGuid().ToString("N");
    private bool finished;
    private bool abandoned;

    private OutputTransaction(OutputLock outputLock, string folder, string name, CommitObserver? observer)
    {
        this.outputLock = outputLock;
        this.folder = folder;
        this.name = name;
        this.observer = observer;
    }

    /// <summary>The staging folder: new entries are written here under their final names.</summary>
    public string StagingFolder => Leftover(folder, name, id, "tmp");

    /// <summary>
    /// Takes the lock of <paramref name="outputPath"/> (waiting up to <paramref name="lockTimeout"/>), recovers what
    /// interrupted runs left, and makes an empty staging folder.
    /// </summary>
    public static OutputTransaction Begin(
        string outputPath, TimeSpan lockTimeout, Action<string>? onWait, CommitObserver? observer, CancellationToken cancellationToken)
    {
        var output = Path.GetFullPath(outputPath).TrimEnd(Path.DirectorySeparatorChar);
        var outputLock = OutputLock.Acquire(output, lockTimeout, onWait, cancellationToken);
        var transaction = new OutputTransaction(outputLock, Path.GetDirectoryName(output)!, Path.GetFileName(output), observer);
        try
        {
            transaction.Notify(CommitStep.Locked, outputLock.Path);
            Recover(transaction.folder, transaction.name, observer);
            transaction.Notify(CommitStep.Recovered, transaction.folder);
            Directory.CreateDirectory(transaction.StagingFolder);
            return transaction;
        }
        catch
        {
            // Abandoned or failed before anything was staged: only the lock to give back.
            outputLock.Dispose();
            throw;
        }
    }

    /// <summary>The file or folder being written or moved (what a write error is about, when the system's message names none).</summary>
    public string? CurrentPath { get; private set; }

    /// <summary>Says that <paramref name="path"/> (inside the staging folder) is being written.</summary>
    public void Writing(string path) => CurrentPath = path;

    /// <summary>Reports that <paramref name="path"/> (inside the staging folder) is written.</summary>
    public void Staged(string path) => Notify(CommitStep.Staged, path);

    /// <summary>
    /// Puts the staged <paramref name="entries"/> (names inside the staging folder, the manifest last) in place of
    /// the output folder's entries of the same names. <paramref name="beforeReplacing"/> sees the entries that exist
    /// and may refuse by throwing; nothing has been touched then.
    /// </summary>
    public void Commit(IReadOnlyList<string> entries, Action<IReadOnlyList<string>> beforeReplacing)
    {
        var journal = entries.Select(entry => new JournalEntry(entry, Exists(Path.Combine(folder, entry)))).ToArray();
        beforeReplacing(journal.Where(e => e.Existed).Select(e => Path.Combine(folder, e.Name)).ToArray());
        var journalPath = Leftover(folder, name, id, "commit");
        CurrentPath = journalPath;
        AtomicFile.Write(journalPath, stream =>
        {
            JsonSerializer.Serialize(stream, journal);
            return 0;
        });
        UnixSync();
        Notify(CommitStep.Journaled, journalPath);

        var backup = Leftover(folder, name, id, "old");
        Directory.CreateDirectory(backup);
        foreach (var entry in journal)
        {
            var final = Path.Combine(folder, entry.Name);
            CurrentPath = final;
            if (entry.Existed)
            {
                Move(final, Path.Combine(backup, entry.Name));
                Notify(CommitStep.MovedAside, final);
            }

            Move(Path.Combine(StagingFolder, entry.Name), final);
            Notify(CommitStep.MovedIn, final);
        }

        UnixSync();
        File.Delete(journalPath);
        UnixSync();
        finished = true;
        Notify(CommitStep.Committed, journalPath);
        try
        {
            DeleteEntry(backup);
            DeleteEntry(StagingFolder);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // The output is committed; the next run deletes what is left.
        }

        Notify(CommitStep.CleanedUp, folder);
    }

    /// <summary>
    /// Undoes this transaction after a failure (any renames done so far, the staging folder); true when that worked.
    /// When it did not, the journal stays and the next run rolls back.
    /// </summary>
    public bool RollBack()
    {
        if (finished || abandoned)
        {
            return finished;
        }

        try
        {
            RecoverOne(folder, name, id, observer: null);
            finished = true;
            return true;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Rolls back what was not committed (unless the bake was abandoned, as a crash would leave it) and releases the lock.</summary>
    public void Dispose()
    {
        RollBack();
        outputLock.Dispose();
    }

    /// <summary>True when an interrupted run left anything beside <paramref name="outputPath"/> (checked without the lock).</summary>
    public static bool HasLeftovers(string outputPath)
    {
        var output = Path.GetFullPath(outputPath).TrimEnd(Path.DirectorySeparatorChar);
        var folder = Path.GetDirectoryName(output)!;
        return Directory.Exists(folder) && LeftoverIds(folder, Path.GetFileName(output)).Any();
    }

    /// <summary>
    /// Rolls back every interrupted commit of output <paramref name="name"/> in <paramref name="folder"/> and deletes
    /// every staging and backup folder; the caller holds the output's lock, so whatever is there belongs to a dead run.
    /// Returns how many runs left something.
    /// </summary>
    public static int Recover(string folder, string name, CommitObserver? observer)
    {
        var ids = LeftoverIds(folder, name).ToArray();
        foreach (var leftover in ids)
        {
            RecoverOne(folder, name, leftover, observer);
        }

        return ids.Length;
    }

    private static void RecoverOne(string folder, string name, string id, CommitObserver? observer)
    {
        var staging = Leftover(folder, name, id, "tmp");
        var backup = Leftover(folder, name, id, "old");
        var journalPath = Leftover(folder, name, id, "commit");
        if (File.Exists(journalPath))
        {
            JournalEntry[] journal;
            try
            {
                using var stream = File.OpenRead(journalPath);
                journal = JsonSerializer.Deserialize<JournalEntry[]>(stream) ?? throw new JsonException("null journal");
            }
            catch (JsonException exception)
            {
                throw new BakeException(
                    "QF1010",
                    $"the commit journal {journalPath} of an interrupted bake is unreadable ({exception.Message}); the previous entries are in {backup}",
                    Path.Combine(folder, name),
                    isInputError: false);
            }

            Directory.CreateDirectory(staging);
            foreach (var entry in journal.Reverse())
            {
                var final = Path.Combine(folder, entry.Name);
                var previous = Path.Combine(backup, entry.Name);
                var staged = Path.Combine(staging, entry.Name);
                if (Exists(previous))
                {
                    // Moved aside, and perhaps replaced: the new one goes back to staging, the previous one back in place.
                    if (Exists(final))
                    {
                        if (Exists(staged))
                        {
                            DeleteEntry(final);
                        }
                        else
                        {
                            Move(final, staged);
                        }
                    }

                    Move(previous, final);
                    Notify(observer, CommitStep.RolledBack, final);
                }
                else if (!entry.Existed && Exists(final) && !Exists(staged))
                {
                    // New where there was nothing: taken away again.
                    Move(final, staged);
                    Notify(observer, CommitStep.RolledBack, final);
                }
            }

            UnixSync(folder);
            File.Delete(journalPath);
            UnixSync(folder);
        }

        DeleteEntry(backup);
        DeleteEntry(staging);
        foreach (var temporary in Directory.EnumerateFiles(folder, $"..{name}.{id}.commit.*.tmp"))
        {
            File.Delete(temporary);
        }
    }

    /// <summary>The ids of interrupted runs of output <paramref name="name"/>: their staging, backup and journal names.</summary>
    private static IEnumerable<string> LeftoverIds(string folder, string name)
    {
        var pattern = new Regex(
            $@"^\.\.?{Regex.Escape(name)}\.(?<id>[0-9a-f]{{32}})\.(tmp|old|commit|commit\.[0-9a-f]{{32}}\.tmp)$",
            RegexOptions.CultureInvariant);
        return Directory.EnumerateFileSystemEntries(folder, $"*{name}.*")
            .Select(path => pattern.Match(Path.GetFileName(path)))
            .Where(match => match.Success)
            .Select(match => match.Groups["id"].Value)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal);
    }

    private static string Leftover(string folder, string name, string id, string kind) => Path.Combine(folder, $".{name}.{id}.{kind}");

    private static bool Exists(string path) => File.Exists(path) || Directory.Exists(path);

    /// <summary>rename(2) of a file, a folder or a link (a link to a folder is moved itself, not followed).</summary>
    private static void Move(string from, string to)
    {
        if (Directory.Exists(from))
        {
            Directory.Move(from, to);
        }
        else
        {
            File.Move(from, to);
        }
    }

    /// <summary>Deletes a file, a folder (never following a link out of it) or a link; nothing when absent.</summary>
    private static void DeleteEntry(string path)
    {
        if (Directory.Exists(path) && (File.GetAttributes(path) & FileAttributes.ReparsePoint) == 0)
        {
            Directory.Delete(path, recursive: true);
        }
        else if (File.Exists(path) || Directory.Exists(path))
        {
            File.Delete(path);
        }
    }

    private static void Notify(CommitObserver? observer, CommitStep step, string path)
    {
        if (observer is not null && !observer(step, path))
        {
            throw new CommitAbandonedException(step, path);
        }
    }

    private static void UnixSync(string folder) => UnixFiles.SyncFolder(folder);

    private void UnixSync() => UnixFiles.SyncFolder(folder);

    private void Notify(CommitStep step, string path)
    {
        try
        {
            Notify(observer, step, path);
        }
        catch (CommitAbandonedException)
        {
            abandoned = true;
            throw;
        }
    }

    private sealed record JournalEntry(string Name, bool Existed);
}
