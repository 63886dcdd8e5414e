namespace QuickFix.Checkpoints.Manifests;

/// <summary>A manifest that cannot be read.</summary>
public sealed class ManifestException : QuickFixException
{
    public ManifestException(string message, string path, Exception? innerException = null)
        : base("QF0701", message, path, innerException)
    {
    }
}
