using QuickFix.Imaging;

namespace QuickFix.Tests.Imaging;

/// <summary>Snapshot files in Verify's conventions and the tolerant comparison behind them.</summary>
public sealed class ImageSnapshotTests
{
    [Fact]
    public void An_identical_image_matches_and_leaves_no_failure_files()
    {
        using var temp = new TemporaryDirectory();
        var image = Gradient(40, 30);
        PngWriter.Write(temp.File("cat.verified.png"), image);
        File.WriteAllText(temp.File("cat.received.png"), "stale");
        File.WriteAllText(temp.File("cat.diff.png"), "stale");

        var result = ImageSnapshot.Verify(image, temp.Path, "cat");

        Assert.Equal(SnapshotStatus.Matched, result.Status);
        Assert.True(result.Passed);
        Assert.Equal(0, result.Comparison!.MaxChannelDifference);
        Assert.False(File.Exists(temp.File("cat.received.png")));
        Assert.False(File.Exists(temp.File("cat.diff.png")));
    }

    [Fact]
    public void Noise_of_one_unit_everywhere_matches()
    {
        using var temp = new TemporaryDirectory();
        var image = Gradient(40, 30);
        PngWriter.Write(temp.File("cat.verified.png"), image);
        var noisy = Map(image, (x, y, v) => (byte)Math.Clamp(v + (((x * 7) + (y * 3)) % 3) - 1, 0, 255));

        var result = ImageSnapshot.Verify(noisy, temp.Path, "cat");

        Assert.Equal(SnapshotStatus.Matched, result.Status);
        Assert.Equal(1, result.Comparison!.MaxChannelDifference);
        Assert.False(File.Exists(temp.File("cat.received.png")));
    }

    [Fact]
    public void A_changed_region_mismatches_and_writes_received_and_diff()
    {
        using var temp = new TemporaryDirectory();
        var image = Gradient(40, 30);
        PngWriter.Write(temp.File("cat.verified.png"), image);
        var changed = Map(image, (x, y, v) => x is >= 10 and < 20 && y is >= 5 and < 15 ? (byte)(255 - v) : v);

        var result = ImageSnapshot.Verify(changed, temp.Path, "cat");

        Assert.Equal(SnapshotStatus.Mismatched, result.Status);
        Assert.False(result.Passed);
        Assert.Equal(temp.File("cat.received.png"), result.ReceivedPath);
        Assert.Equal(temp.File("cat.diff.png"), result.DiffPath);
        Assert.Contains(result.ReceivedPath!, result.Message, StringComparison.Ordinal);
        Assert.Contains(result.DiffPath!, result.Message, StringComparison.Ordinal);
        Assert.Equal(changed.Pixels.ToArray(), PngReader.Read(result.ReceivedPath!).Pixels.ToArray());
        Assert.Equal(100, result.Comparison!.PixelsAboveTolerance);
        var diff = PngReader.Read(result.DiffPath!);
        Assert.Equal(ImageComparer.DifferentColor, diff[15, 10]);
        Assert.NotEqual(ImageComparer.DifferentColor, diff[5, 10]);
        Assert.Equal(image.Pixels.ToArray(), PngReader.Read(result.VerifiedPath).Pixels.ToArray()); // the snapshot is untouched
    }

    [Fact]
    public void A_missing_snapshot_fails_and_writes_the_received_image()
    {
        using var temp = new TemporaryDirectory();

        var result = ImageSnapshot.Verify(Gradient(8, 8), Path.Combine(temp.Path, "new"), "cat");

        Assert.Equal(SnapshotStatus.MissingVerified, result.Status);
        Assert.False(result.Passed);
        Assert.True(File.Exists(result.ReceivedPath));
        Assert.Null(result.DiffPath);
        Assert.False(File.Exists(result.VerifiedPath));
    }

    [Fact]
    public void Accepting_writes_the_verified_snapshot_and_Accept_moves_a_received_image_over_it()
    {
        using var temp = new TemporaryDirectory();
        var first = Gradient(8, 8);
        var second = Map(first, (_, _, v) => (byte)(255 - v));

        var accepted = ImageSnapshot.Verify(first, temp.Path, "cat", accept: true);
        Assert.Equal(SnapshotStatus.Accepted, accepted.Status);
        Assert.True(accepted.Passed);
        Assert.Equal(SnapshotStatus.Matched, ImageSnapshot.Verify(first, temp.Path, "cat").Status);

        Assert.Equal(SnapshotStatus.Mismatched, ImageSnapshot.Verify(second, temp.Path, "cat").Status);
        Assert.True(ImageSnapshot.Accept(temp.Path, "cat"));
        Assert.False(File.Exists(temp.File("cat.received.png")));
        Assert.False(File.Exists(temp.File("cat.diff.png")));
        Assert.Equal(SnapshotStatus.Matched, ImageSnapshot.Verify(second, temp.Path, "cat").Status);
        Assert.False(ImageSnapshot.Accept(temp.Path, "cat"));
    }

    [Fact]
    public void A_few_outliers_within_the_limit_match_but_one_pixel_beyond_it_does_not()
    {
        var image = Gradient(100, 100); // 10,000 pixels: 0.1% = 10 outliers allowed
        var tenOutliers = Map(image, (x, y, v) => y == 0 && x < 10 ? (byte)(v + 16) : v);
        var elevenOutliers = Map(image, (x, y, v) => y == 0 && x < 11 ? (byte)(v + 16) : v);
        var oneBeyondLimit = Map(image, (x, y, v) => y == 0 && x == 0 ? (byte)(v + 17) : v);

        Assert.True(ImageComparer.Compare(tenOutliers, image).IsEqual);
        Assert.False(ImageComparer.Compare(elevenOutliers, image).IsEqual);
        var beyond = ImageComparer.Compare(oneBeyondLimit, image);
        Assert.False(beyond.IsEqual);
        Assert.Equal(17, beyond.MaxChannelDifference);
        Assert.False(ImageComparer.Compare(Map(image, (_, _, v) => (byte)(v + 1)), image, ImageTolerance.Exact).IsEqual);
    }

    [Fact]
    public void Images_of_another_size_mismatch_without_a_diff_and_a_damaged_snapshot_is_an_error()
    {
        using var temp = new TemporaryDirectory();
        PngWriter.Write(temp.File("cat.verified.png"), Gradient(8, 8));

        var result = ImageSnapshot.Verify(Gradient(8, 9), temp.Path, "cat");
        Assert.Equal(SnapshotStatus.Mismatched, result.Status);
        Assert.Null(result.DiffPath);
        Assert.Contains("size", result.Comparison!.Message, StringComparison.Ordinal);

        File.WriteAllBytes(temp.File("dog.verified.png"), [1, 2, 3]);
        var error = Assert.Throws<ImageFormatException>(() => ImageSnapshot.Verify(Gradient(8, 8), temp.Path, "dog"));
        Assert.Equal("QF1301", error.Code);
        Assert.Equal(temp.File("dog.verified.png"), error.FilePath);
        Assert.Throws<ArgumentException>(() => ImageSnapshot.Verify(Gradient(8, 8), temp.Path, "../cat"));
    }

    internal static RgbImage Gradient(int width, int height)
    {
        var image = new RgbImage(width, height, Rgb.Black);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                image[x, y] = new Rgb((byte)(20 + (x * 2)), (byte)(30 + (y * 2)), (byte)(100 + ((x + y) % 50)));
            }
        }

        return image;
    }

    private static RgbImage Map(RgbImage source, Func<int, int, byte, byte> map)
    {
        var image = new RgbImage(source.Width, source.Height, Rgb.Black);
        for (var y = 0; y < source.Height; y++)
        {
            for (var x = 0; x < source.Width; x++)
            {
                var p = source[x, y];
                image[x, y] = new Rgb(map(x, y, p.R), map(x, y, p.G), map(x, y, p.B));
            }
        }

        return image;
    }
}
