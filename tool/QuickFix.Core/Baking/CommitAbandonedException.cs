namespace QuickFix.Baking;

/// <summary>
/// A <see cref="CommitObserver"/> stopped a bake at <see cref="Step"/>, as a crash would have: what was on disk then
/// stays as it was (a test of crash safety then checks what the next run makes of it).
/// </summary>
public sealed class CommitAbandonedException : Exception
{
    public CommitAbandonedException(CommitStep step, string path)
        : base($"abandoned at {step} ({path}), as a crash would stop it")
    {
        Step = step;
        Path = path;
    }

    /// <summary>The last step done.</summary>
    public CommitStep Step { get; }

    /// <summary>The file or folder that step concerned.</summary>
    public string Path { get; }
}
