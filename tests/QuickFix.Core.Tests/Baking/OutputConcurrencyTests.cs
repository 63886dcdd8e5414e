using QuickFix.Baking;
using QuickFix.Checkpoints.Layouts;
using QuickFix.Checkpoints.Manifests;

namespace QuickFix.Tests.Baking;

/// <summary>
/// Many bakes of one output at once (four at a time on threads, each with its own lock handle, as separate
/// processes would have), with a reader verifying all along: every bake succeeds, every verify sees a whole output,
/// and the last output verifies with nothing left beside it.
/// </summary>
public sealed class OutputConcurrencyTests
{
    [Theory]
    [InlineData(CheckpointLayout.Diffusers, 50)]
    [InlineData(CheckpointLayout.SingleFile, 20)]
    public async Task Racing_bakes_of_one_output_never_leave_a_corrupt_output(CheckpointLayout layout, int runs)
    {
        using var scenario = new BakeScenario(layout);
        scenario.Bake(scenario.A);
        using var done = new CancellationTokenSource();
        var verified = 0;
        using var readerStarted = new ManualResetEventSlim();

        // The reader verifies at least once, and the bakes start only once it runs: on two cores a fast race could
        // otherwise finish before the reader's task was scheduled at all.
        var reader = Task.Run(() =>
        {
            readerStarted.Set();
            do
            {
                var report = OutputVerification.Verify(scenario.Output, TimeSpan.FromMinutes(1));
                Assert.True(report.AllOk, string.Join(", ", report.Files.Where(f => f.Status != VerifyStatus.Ok).Select(f => $"{f.Path} {f.Status}")));
                Interlocked.Increment(ref verified);

                // The lock is polled, not queued: a reader that took it back at once would starve the bakes.
                done.Token.WaitHandle.WaitOne(100);
            }
            while (!done.IsCancellationRequested);
        });
        readerStarted.Wait();
        var baked = new List<string>();
        try
        {
            Parallel.For(0, runs, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
            {
                var result = scenario.Bake(i % 2 == 0 ? scenario.B : scenario.A, lockTimeout: TimeSpan.FromMinutes(2));
                lock (baked)
                {
                    baked.Add(result.Manifest.Recipe.Sha256);
                }
            });
        }
        finally
        {
            await done.CancelAsync();
            await reader;
        }

        Assert.Equal(runs, baked.Count);
        Assert.True(verified > 0);
        Assert.True(ManifestVerifier.Verify(scenario.Output).AllOk);
        Assert.Contains(scenario.BakedFrom(), new[] { "A", "B" });
        Assert.Empty(scenario.Leftovers());
    }
}
