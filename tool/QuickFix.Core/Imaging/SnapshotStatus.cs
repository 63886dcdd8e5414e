namespace QuickFix.Imaging;

/// <summary>The verdict of <see cref="ImageSnapshot.Verify"/>.</summary>
public enum SnapshotStatus
{
    /// <summary>The image matches its verified snapshot within the tolerance.</summary>
    Matched,

    /// <summary>The image differs from its verified snapshot: received and diff files were written.</summary>
    Mismatched,

    /// <summary>There is no verified snapshot yet: the received file was written.</summary>
    MissingVerified,

    /// <summary>Accepting: the image was written as the verified snapshot (new or replacing a different one).</summary>
    Accepted,
}
