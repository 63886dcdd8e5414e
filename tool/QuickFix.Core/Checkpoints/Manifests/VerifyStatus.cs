namespace QuickFix.Checkpoints.Manifests;

/// <summary>The verdict on one file.</summary>
public enum VerifyStatus
{
    /// <summary>Size and hashes equal the manifest's.</summary>
    Ok,

    /// <summary>The file differs from what the manifest recorded.</summary>
    Mismatch,

    /// <summary>The file is gone.</summary>
    Missing,
}
