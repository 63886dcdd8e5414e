namespace QuickFix.Checkpoints.Manifests;

/// <summary>The result of <see cref="ManifestVerifier.Verify"/>.</summary>
/// <param name="ManifestPath">The manifest checked.</param>
/// <param name="Files">Each output file's verdict.</param>
public sealed record VerifyReport(string ManifestPath, IReadOnlyList<VerifiedFile> Files)
{
    /// <summary>True when every file is present and unchanged.</summary>
    public bool AllOk => Files.All(f => f.Status == VerifyStatus.Ok);
}
