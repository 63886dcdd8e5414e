using QuickFix.Checkpoints.Manifests;

namespace QuickFix.Baking;

/// <summary>
/// <c>quickfix verify</c> on a baked output: when an interrupted bake left anything beside it, first rolls that back
/// under the output's lock (an output caught between two renames of a commit is restored, not reported missing),
/// then re-hashes it while holding the lock, so no bake replaces it mid-check. An output with nothing left beside it
/// is verified without taking the lock, which also keeps verify from writing anything into read-only folders.
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
        if (!OutputTransaction.HasLeftovers(output))
        {
            return ManifestVerifier.Verify(path, cancellationToken);
        }

        using (OutputLock.Acquire(output, lockTimeout, onWait, cancellationToken))
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
