namespace QuickFix.Baking;

/// <summary>
/// The steps of replacing an output, in the order a bake takes them (<see cref="OutputTransaction"/>). Each is a
/// point where a crash must leave the previous output or the new one, never a mix; the crash-safety tests stop a
/// bake at every one of them.
/// </summary>
public enum CommitStep
{
    /// <summary>The output's lock is held; nothing is touched yet.</summary>
    Locked,

    /// <summary>What interrupted runs left beside the output was rolled back and removed.</summary>
    Recovered,

    /// <summary>One file of the new output is complete in the staging folder (once per file; the manifest last).</summary>
    Staged,

    /// <summary>The journal listing the entries to replace is on disk: from here a crash is rolled back by the next run.</summary>
    Journaled,

    /// <summary>One entry of the previous output was moved into the backup folder (once per entry that existed).</summary>
    MovedAside,

    /// <summary>One entry of the new output was moved into place (once per entry).</summary>
    MovedIn,

    /// <summary>The journal is deleted: the new output is the output.</summary>
    Committed,

    /// <summary>The backup and staging folders are deleted; the lock is about to be released.</summary>
    CleanedUp,

    /// <summary>Recovery put one entry of an interrupted commit back as it was (once per entry).</summary>
    RolledBack,
}
