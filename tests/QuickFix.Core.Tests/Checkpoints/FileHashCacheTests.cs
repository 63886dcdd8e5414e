using QuickFix.Checkpoints;

namespace QuickFix.Tests.Checkpoints;

public sealed class FileHashCacheTests
{
    [Fact]
    public void Returns_the_hashes_of_the_file_and_recomputes_after_a_change()
    {
        using var temp = new TemporaryDirectory();
        var file = temp.File("weights.bin");
        File.WriteAllBytes(file, [1, 2, 3, 4]);
        var cache = new FileHashCache(temp.File("cache"));

        var first = cache.Get(file, 0);
        var again = cache.Get(file, 0);
        File.WriteAllBytes(file, [9, 9, 9, 9, 9]);
        File.SetLastWriteTimeUtc(file, DateTime.UtcNow.AddMinutes(1));
        var changed = cache.Get(file, 0);

        Assert.Equal(CheckpointHasher.HashFile(file, 0), changed);
        Assert.Equal(first, again);
        Assert.NotEqual(first.Sha256, changed.Sha256);
        Assert.Equal(5, changed.Size);
    }

    [Fact]
    public void A_corrupt_cache_entry_is_recomputed()
    {
        using var temp = new TemporaryDirectory();
        var file = temp.File("weights.bin");
        File.WriteAllBytes(file, [1, 2, 3]);
        var cacheFolder = temp.File("cache");
        var cache = new FileHashCache(cacheFolder);
        cache.Get(file, 0);
        foreach (var entry in Directory.GetFiles(cacheFolder))
        {
            File.WriteAllText(entry, "{ not json");
        }

        Assert.Equal(CheckpointHasher.HashFile(file, 0), cache.Get(file, 0));
    }

    /// <summary>
    /// Many threads sharing one cache while entries keep vanishing (so they are rewritten all along): every answer
    /// equals a fresh hash of the file, no call fails, and every entry left parses.
    /// </summary>
    [Fact]
    public void Parallel_readers_and_writers_keep_the_cache_consistent()
    {
        using var temp = new TemporaryDirectory();
        var files = Enumerable.Range(0, 3).Select(i =>
        {
            var file = temp.File($"weights{i}.bin");
            File.WriteAllBytes(file, Enumerable.Range(0, 100_000 + i).Select(b => (byte)(b * (i + 3))).ToArray());
            return file;
        }).ToArray();
        var expected = files.Select(f => CheckpointHasher.HashFile(f, 0)).ToArray();
        var cacheFolder = temp.File("cache");

        Parallel.For(0, 300, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            if (i % 7 == 0 && Directory.Exists(cacheFolder))
            {
                foreach (var entry in Directory.GetFiles(cacheFolder, "*.json"))
                {
                    File.Delete(entry);
                }
            }

            Assert.Equal(expected[i % 3], new FileHashCache(cacheFolder).Get(files[i % 3], 0));
        });

        foreach (var entry in Directory.GetFiles(cacheFolder))
        {
            Assert.EndsWith(".json", entry, StringComparison.Ordinal);
            using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(entry));
        }
    }
}
