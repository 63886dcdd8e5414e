using QuickFix.Checkpoints.Manifests;

namespace QuickFix.Baking;

/// <summary>
/// <c>quickfix verify</c> on a baked output: when an interrupted bake left anything beside it, first rolls that back
/// under the output's lock (an output caught between two renames of a commit is restored, not reported missing),
/// then re-hashes it while holding the lock, so no bake replaces it mid-check. An output that no bake of this version
/// wrote in place (no lock file, nothing left beside it) is verified without the lock, so verify creates nothing
/// beside outputs that were copied or published elsewhere.
/// </summary>
public static class OutputVerification
{
    /// <summary>Verifies the output folder, output file or manifest at <paramref name="path"/>.</summary>
    /// <param name="path">An output folder, a <c>.safetensors</c> output, or a manifest.</param>
    /// <param name="lockTimeout">How long to wait while a bake of the same output runs.</param>
    /// <param name="onWait">Hears once that the wait began and for whom.</param>
    /// <param name="cancellationToken">Stops hashing.</param>
    public static VerifyReport Verify(string path, TimeSpan lockTimeout, Action<string>? onWait = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var output = OutputOf(Path.GetFullPath(path));
        if (!File.Exists(OutputLock.PathFor(output)) && !OutputTransaction.HasLeftovers(output))
        {
            return ManifestVerifier.Verify(path, cancellationToken);
        }

        OutputLock held;
        try
        {
            held = OutputLock.Acquire(output, lockTimeout, onWait, cancellationToken);
        }
        catch (UnauthorizedAccessException)
        {
            // A read-only copy of an output: nothing can be writing it, and nothing could be rolled back.
            return ManifestVerifier.Verify(path, cancellationToken);
        }

        using (held)
        {
            OutputTransaction.Recover(Path.GetDirectoryName(output)!, Path.GetFileName(output), observer: null);
            return ManifestVerifier.Verify(path, cancellationToken);
        }
    }

    /// <summary>The output a path names: a manifest stands for its folder, or for the <c>.safetensors</c> file it sits beside.</summary>
    private static string OutputOf(string path)
    {
        path = path.Length > 1 ? path.TrimEnd(Path.DirectorySeparatorChar) : path;
        var name = Path.GetFileName(path);
        if (name == BuildManifest.FileName)
        {
            return Path.GetDirectoryName(path)!;
        }

        return name.EndsWith("." + BuildManifest.FileName, StringComparison.Ordinal)
            ? Path.Combine(Path.GetDirectoryName(path)!, name[..^(BuildManifest.FileName.Length + 1)] + ".safetensors")
            : path;
    }
}
