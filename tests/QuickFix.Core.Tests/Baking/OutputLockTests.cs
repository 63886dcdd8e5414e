using QuickFix.Baking;
using QuickFix.Checkpoints.Layouts;
using QuickFix.Checkpoints.Manifests;

namespace QuickFix.Tests.Baking;

/// <summary>
/// The output lock: a second run waits with one message naming the holder, then proceeds or fails with QF1008; a
/// lock file nobody holds blocks no one. Two open files exclude each other even in one process (flock), so threads
/// stand in for processes here; the CLI tests use real processes.
/// </summary>
public sealed class OutputLockTests
{
    [Fact]
    public void A_second_run_waits_then_fails_with_QF1008_naming_the_holder()
    {
        using var temp = new TemporaryDirectory();
        var output = temp.File("edited");
        using var held = OutputLock.Acquire(output, TimeSpan.Zero);
        var messages = new List<string>();

        var error = Assert.Throws<BakeException>(() => OutputLock.Acquire(output, TimeSpan.FromMilliseconds(300), messages.Add));

        Assert.Equal("QF1008", error.Code);
        Assert.False(error.IsInputError);
        Assert.Equal(output, error.FilePath);
        Assert.Equal(
            $"another bake (pid {Environment.ProcessId}) holds the lock on this output ({temp.File(".edited.lock")}) and still held it after 0.3 s; "
            + "wait for it, or raise --lock-timeout (MSBuild: QuickFixLockTimeout)",
            error.Message);
        Assert.Equal([$"waiting for the lock on {output} held by pid {Environment.ProcessId} (up to 0.3 s)"], messages);
    }

    [Fact]
    public void A_zero_timeout_fails_at_once_without_a_waiting_message()
    {
        using var temp = new TemporaryDirectory();
        using var held = OutputLock.Acquire(temp.File("edited"), TimeSpan.Zero);
        var messages = new List<string>();

        Assert.Equal("QF1008", Assert.Throws<BakeException>(() => OutputLock.Acquire(temp.File("edited"), TimeSpan.Zero, messages.Add)).Code);
        Assert.Empty(messages);
    }

    [Fact]
    public async Task A_waiting_run_takes_the_lock_when_the_holder_lets_go()
    {
        using var temp = new TemporaryDirectory();
        var output = temp.File("edited");
        var held = OutputLock.Acquire(output, TimeSpan.Zero);
        using var waiting = new ManualResetEventSlim();

        var second = Task.Run(() => OutputLock.Acquire(output, TimeSpan.FromMinutes(1), _ => waiting.Set()));
        Assert.True(waiting.Wait(TimeSpan.FromMinutes(1)));
        Assert.False(second.IsCompleted);
        held.Dispose();

        using var taken = await second;
        Assert.Equal("QF1008", Assert.Throws<BakeException>(() => OutputLock.Acquire(output, TimeSpan.Zero)).Code);
    }

    [Fact]
    public void A_lock_file_left_by_a_dead_process_blocks_no_one()
    {
        using var temp = new TemporaryDirectory();
        File.WriteAllText(temp.File(".edited.lock"), "2147483\n");

        using var taken = OutputLock.Acquire(temp.File("edited"), TimeSpan.Zero);

        Assert.Equal(temp.File(".edited.lock"), taken.Path);
        var error = Assert.Throws<BakeException>(() => OutputLock.Acquire(temp.File("edited"), TimeSpan.Zero));
        Assert.StartsWith($"another bake (pid {Environment.ProcessId}) holds", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bake_waits_for_another_bake_of_the_same_output_and_then_replaces_it()
    {
        using var scenario = new BakeScenario(CheckpointLayout.Diffusers);
        scenario.Bake(scenario.A);
        var held = OutputLock.Acquire(scenario.Output, TimeSpan.Zero);
        using var waiting = new ManualResetEventSlim();
        var stages = new List<BakeProgress>();

        var bake = Task.Run(() => scenario.Bake(scenario.B, progress: new Recorder(p =>
        {
            lock (stages)
            {
                stages.Add(p);
            }

            if (p.Stage == BakeStage.WaitingForLock)
            {
                waiting.Set();
            }
        })));
        Assert.True(waiting.Wait(TimeSpan.FromMinutes(1)));

        // While it waits, the previous output is untouched and nothing is staged.
        Assert.Equal("A", scenario.BakedFrom());
        Assert.Empty(scenario.Leftovers());
        held.Dispose();
        await bake.WaitAsync(TimeSpan.FromMinutes(1));

        Assert.Equal("B", scenario.BakedFrom());
        Assert.True(ManifestVerifier.Verify(scenario.Output).AllOk);
        var waited = Assert.Single(stages, p => p.Stage == BakeStage.WaitingForLock);
        Assert.Equal($"waiting for the lock on {scenario.Output} held by pid {Environment.ProcessId} (up to 600 s)", waited.Detail);
        Assert.True(stages.FindIndex(p => p.Stage == BakeStage.WaitingForLock) < stages.FindIndex(p => p.Stage == BakeStage.Writing));
    }

    [Fact]
    public void A_bake_that_cannot_get_the_lock_fails_with_QF1008_and_writes_nothing()
    {
        using var scenario = new BakeScenario(CheckpointLayout.SingleFile);
        scenario.Bake(scenario.A);
        var manifestBefore = File.ReadAllBytes(scenario.ManifestPath);
        using var held = OutputLock.Acquire(scenario.Output, TimeSpan.Zero);

        var error = Assert.Throws<BakeException>(() => scenario.Bake(scenario.B, lockTimeout: TimeSpan.FromMilliseconds(200)));

        Assert.Equal("QF1008", error.Code);
        Assert.Equal(manifestBefore, File.ReadAllBytes(scenario.ManifestPath));
        Assert.Empty(scenario.Leftovers());
    }

    private sealed class Recorder(Action<BakeProgress> report) : IProgress<BakeProgress>
    {
        public void Report(BakeProgress value) => report(value);
    }
}
