namespace QuickFix.Imaging;

/// <summary>The outcome of <see cref="ImageSnapshot.Verify"/> for one image.</summary>
/// <param name="Name">The snapshot's name (the file names without <c>.verified.png</c> etc.).</param>
/// <param name="Status">The verdict.</param>
/// <param name="VerifiedPath">Full path of <c>Name.verified.png</c> (existing or not).</param>
/// <param name="ReceivedPath">Full path of the <c>Name.received.png</c> written, when one was (mismatch, missing).</param>
/// <param name="DiffPath">Full path of the <c>Name.diff.png</c> written, when one was (mismatch of two images of one size).</param>
/// <param name="Comparison">The pixel comparison, when a verified snapshot existed.</param>
public sealed record SnapshotResult(
    string Name, SnapshotStatus Status, string VerifiedPath, string? ReceivedPath, string? DiffPath, ImageComparison? Comparison)
{
    /// <summary>True when the gate passes: matched, or accepted.</summary>
    public bool Passed => Status is SnapshotStatus.Matched or SnapshotStatus.Accepted;

    /// <summary>One line for people: what happened and which files to look at.</summary>
    public string Message => Status switch
    {
        SnapshotStatus.Matched => $"{Name}: matches {VerifiedPath}",
        SnapshotStatus.Accepted => $"{Name}: accepted as {VerifiedPath}",
        SnapshotStatus.MissingVerified => $"{Name}: no verified snapshot {VerifiedPath}; received image written to {ReceivedPath}",
        _ => $"{Name}: differs from {VerifiedPath}: {Comparison?.Message}; see {ReceivedPath}" + (DiffPath is null ? string.Empty : $" and {DiffPath}"),
    };
}
