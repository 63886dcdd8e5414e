namespace QuickFix.Imaging;

/// <summary>
/// Snapshot tests of images in Verify's conventions: <c>Name.verified.png</c> is committed beside the test (or in the
/// recipe's <c>images.snapshots</c> folder); a mismatch writes <c>Name.received.png</c> and a <c>Name.diff.png</c> (see
/// <see cref="ImageComparer.RenderDiff"/>) beside it; accepting moves the received image over the verified one. A match
/// deletes stale received and diff files.
/// </summary>
/// <remarks>
/// The mapping to Verify is one to one: <see cref="Verify"/> is <c>Verifier.Verify(png, "png").UseDirectory(directory)
/// .UseFileName(name)</c> with <see cref="ImageComparer"/> registered as the png stream comparer, <c>accept: true</c> is
/// <c>AutoVerify()</c>, and <see cref="Accept"/> is what Verify's diff tool / <c>verify accept</c> does.
/// </remarks>
public static class ImageSnapshot
{
    /// <summary>Suffix of the committed snapshot.</summary>
    public const string VerifiedSuffix = ".verified.png";

    /// <summary>Suffix of the image a failing run produced.</summary>
    public const string ReceivedSuffix = ".received.png";

    /// <summary>Suffix of the diff picture a failing run produced.</summary>
    public const string DiffSuffix = ".diff.png";

    /// <summary>Compares <paramref name="image"/> with <c>directory/name.verified.png</c> and records the outcome on disk.</summary>
    /// <param name="image">The image the run produced.</param>
    /// <param name="directory">The snapshot folder (created when needed).</param>
    /// <param name="name">The snapshot name: a file name without suffix.</param>
    /// <param name="accept">Write the image as the verified snapshot when it is missing or differs, instead of failing.</param>
    /// <param name="tolerance">Default <see cref="ImageTolerance.Default"/>.</param>
    /// <exception cref="ImageFormatException">The verified file exists but is not a decodable image.</exception>
    public static SnapshotResult Verify(RgbImage image, string directory, string name, bool accept = false, ImageTolerance? tolerance = null)
    {
        ArgumentNullException.ThrowIfNull(image);
        var paths = SnapshotPaths.Of(directory, name);
        Directory.CreateDirectory(Path.GetDirectoryName(paths.Verified)!);
        var verified = File.Exists(paths.Verified) ? PngReader.Read(paths.Verified) : null;
        ImageComparison? comparison = null;
        if (verified is not null)
        {
            comparison = ImageComparer.Compare(image, verified, tolerance);
            if (comparison.IsEqual)
            {
                paths.DeleteFailureFiles();
                return new SnapshotResult(name, SnapshotStatus.Matched, paths.Verified, null, null, comparison);
            }
        }

        if (accept)
        {
            PngWriter.Write(paths.Verified, image);
            paths.DeleteFailureFiles();
            return new SnapshotResult(name, SnapshotStatus.Accepted, paths.Verified, null, null, comparison);
        }

        PngWriter.Write(paths.Received, image);
        if (verified is null)
        {
            DeleteIfExists(paths.Diff);
            return new SnapshotResult(name, SnapshotStatus.MissingVerified, paths.Verified, paths.Received, null, null);
        }

        string? diffPath = null;
        if (verified.Width == image.Width && verified.Height == image.Height)
        {
            PngWriter.Write(paths.Diff, ImageComparer.RenderDiff(image, verified, tolerance));
            diffPath = paths.Diff;
        }
        else
        {
            DeleteIfExists(paths.Diff);
        }

        return new SnapshotResult(name, SnapshotStatus.Mismatched, paths.Verified, paths.Received, diffPath, comparison);
    }

    /// <summary>
    /// Accepts a failed run's image: moves <c>name.received.png</c> over <c>name.verified.png</c> and deletes the diff.
    /// Returns false when there is no received image.
    /// </summary>
    public static bool Accept(string directory, string name)
    {
        var paths = SnapshotPaths.Of(directory, name);
        if (!File.Exists(paths.Received))
        {
            return false;
        }

        File.Move(paths.Received, paths.Verified, overwrite: true);
        DeleteIfExists(paths.Diff);
        return true;
    }

    /// <summary>Full path of <c>directory/name.verified.png</c>.</summary>
    public static string VerifiedPath(string directory, string name) => SnapshotPaths.Of(directory, name).Verified;

    private static void DeleteIfExists(string path)
    {
        if (File.Exists(path))
        {
            File.Delete(path);
        }
    }

    /// <summary>The three files of one snapshot.</summary>
    private sealed record SnapshotPaths(string Verified, string Received, string Diff)
    {
        public static SnapshotPaths Of(string directory, string name)
        {
            ArgumentException.ThrowIfNullOrEmpty(directory);
            ArgumentException.ThrowIfNullOrEmpty(name);
            if (name.IndexOfAny(['/', '\\']) >= 0 || name is "." or "..")
            {
                throw new ArgumentException($"A snapshot name is a file name without folders, not '{name}'.", nameof(name));
            }

            var stem = Path.Combine(Path.GetFullPath(directory), name);
            return new SnapshotPaths(stem + VerifiedSuffix, stem + ReceivedSuffix, stem + DiffSuffix);
        }

        public void DeleteFailureFiles()
        {
            DeleteIfExists(Received);
            DeleteIfExists(Diff);
        }
    }
}
