using QuickFix.Checkpoints;

namespace QuickFix.Tests.Checkpoints;

public sealed class AtomicFileTests
{
    /// <summary>
    /// Writers of one file at once (parallel builds writing one hash-cache entry): none fails, none removes another's
    /// temporary file as a leftover, the file always holds one writer's whole content, and no temporary file remains.
    /// </summary>
    [Fact]
    public void Concurrent_writers_of_one_file_all_succeed_and_the_last_whole_write_wins()
    {
        using var temp = new TemporaryDirectory();
        var path = temp.File("entry.json");
        var contents = Enumerable.Range(0, 8).Select(i => Enumerable.Repeat((byte)('a' + i), 4096 + i).ToArray()).ToArray();

        Parallel.For(0, 400, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            AtomicFile.Write(path, stream =>
            {
                stream.Write(contents[i % 8]);
                return 0;
            });
            var read = File.ReadAllBytes(path);
            Assert.Contains(contents, c => c.AsSpan().SequenceEqual(read));
        });

        Assert.Equal([path], Directory.GetFiles(temp.Path));
    }
}
