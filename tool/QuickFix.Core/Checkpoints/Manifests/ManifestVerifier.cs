namespace QuickFix.Checkpoints.Manifests;

/// <summary><c>quickfix verify</c>: re-hashes every output file a manifest lists and compares.</summary>
public static class ManifestVerifier
{
    /// <summary>
    /// Verifies the manifest at <paramref name="path"/>, or the manifest of the output folder or file at that path.
    /// </summary>
    public static VerifyReport Verify(string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        var full = System.IO.Path.GetFullPath(path);
        var manifestPath = Directory.Exists(full)
            ? BuildManifest.PathFor(full, outputIsFolder: true)
            : full.EndsWith(BuildManifest.FileName, StringComparison.Ordinal)
                ? full
                : BuildManifest.PathFor(full, outputIsFolder: false);
        var manifest = BuildManifest.Load(manifestPath);
        var folder = System.IO.Path.GetDirectoryName(manifestPath)!;
        var results = new List<VerifiedFile>();
        foreach (var expected in manifest.OutputFiles)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var file = System.IO.Path.Combine(folder, expected.Path);
            if (!File.Exists(file))
            {
                results.Add(new VerifiedFile(expected.Path, VerifyStatus.Missing, null));
                continue;
            }

            var dataOffset = expected.Path.EndsWith(".safetensors", StringComparison.Ordinal) ? DataOffsetOf(file) : 0;
            var actual = CheckpointHasher.HashFile(file, dataOffset, cancellationToken);
            var matches = actual.Size == expected.Size && actual.Sha256 == expected.Sha256 && actual.XxHash128 == expected.XxHash128;
            results.Add(matches
                ? new VerifiedFile(expected.Path, VerifyStatus.Ok, ManifestFile.Of(expected.Path, actual))
                : new VerifiedFile(expected.Path, VerifyStatus.Mismatch, ManifestFile.Of(expected.Path, actual), ChangedTensors(file, expected, cancellationToken)));
        }

        return new VerifyReport(manifestPath, results);
    }

    /// <summary>Which tensors differ, when the manifest has fingerprints and the header still parses; else null.</summary>
    private static IReadOnlyList<string>? ChangedTensors(string file, ManifestFile expected, CancellationToken cancellationToken)
    {
        if (expected.Tensors is null)
        {
            return null;
        }

        try
        {
            using var opened = SafetensorsFile.Open(file);
            return TensorDigests.Differences(expected.Tensors, TensorDigests.Of(opened, cancellationToken));
        }
        catch (SafetensorsFormatException)
        {
            return null;
        }
    }

    private static long DataOffsetOf(string file)
    {
        try
        {
            using var opened = SafetensorsFile.Open(file);
            return opened.DataOffset;
        }
        catch (SafetensorsFormatException)
        {
            // A corrupted file still gets hashed (and then mismatches); its header cannot say where the data starts.
            return 0;
        }
    }
}
