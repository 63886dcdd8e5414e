using QuickFix.Baking;
using QuickFix.Checkpoints.Manifests;

namespace QuickFix.Tests;

/// <summary>
/// <c>apply</c> as a real process: killed with SIGKILL at commit steps (deterministically, through
/// <c>QUICKFIX_TEST_CRASH_AT</c>) and at random moments while writing; blocked by a lock another process holds; racing
/// another <c>apply</c>. Every step of the commit is crashed in process by the engine's CrashSafetyTests; these show
/// the same with a real kill, a real second process and the kernel releasing the lock of a dead one.
/// </summary>
public sealed class ApplyProcessTests(ProcessScenario scenario) : IClassFixture<ProcessScenario>
{
    /// <summary>SIGKILL as the exit code of a killed .NET child process: 128 + 9.</summary>
    private const int Killed = 137;

    [Theory]
    [InlineData(false, "Staged:3", "A")]
    [InlineData(false, "MovedAside:1", "A")] // the folder was renamed aside: no output folder at all until recovery
    [InlineData(true, "MovedIn:2", "A")] // a single file half replaced: some sidecars new, some old
    [InlineData(true, "Committed:1", "B")]
    public void A_process_killed_at_a_commit_step_leaves_an_output_that_verifies_and_the_next_run_cleans_up(bool singleFile, string crashAt, string expected)
    {
        var output = scenario.NewOutput(singleFile);
        Assert.Equal(0, CliRun.Of(scenario.Apply("A", output, "--json")).ExitCode);

        var killed = ToolProcess.Run(new Dictionary<string, string> { ["QUICKFIX_TEST_CRASH_AT"] = crashAt }, scenario.Apply("B", output, "--json"));

        Assert.True(killed.ExitCode == Killed, $"exit {killed.ExitCode}: {killed.Error}");
        var verify = CliRun.Of("verify", output);
        Assert.True(verify.ExitCode == 0, verify.Error);
        Assert.Equal(expected, scenario.BakedFrom(output));
        Assert.Empty(ProcessScenario.Leftovers(output));

        // The dead process's lock file is still there, but not its lock: a run that may not wait at all goes ahead.
        var next = CliRun.Of(scenario.Apply(expected == "A" ? "B" : "A", output, "--lock-timeout", "0", "--json"));
        Assert.True(next.ExitCode == 0, next.Error);
        Assert.True(ManifestVerifier.Verify(output).AllOk);
        Assert.Empty(ProcessScenario.Leftovers(output));
    }

    [Fact]
    public void A_process_killed_at_random_moments_while_writing_never_corrupts_the_output()
    {
        var output = scenario.NewOutput(singleFile: false);
        Assert.Equal(0, CliRun.Of(scenario.Apply("A", output, "--json")).ExitCode);
        var random = new Random(7);

        for (var i = 0; i < 3; i++)
        {
            using (var bake = ToolProcess.Start(null, scenario.Apply(i % 2 == 0 ? "B" : "A", output)))
            {
                Assert.True(bake.WaitFor("Writing"), bake.Error);
                Thread.Sleep(random.Next(0, 80));
                bake.Kill();
                bake.WaitForExit();
            }

            var verify = CliRun.Of("verify", output);
            Assert.True(verify.ExitCode == 0, verify.Error);
            Assert.Empty(ProcessScenario.Leftovers(output));
        }

        Assert.Equal(0, CliRun.Of(scenario.Apply("B", output, "--json")).ExitCode);
        Assert.Equal("B", scenario.BakedFrom(output));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)] // .NET's own FileShare locking switched off in the child: the tool's flock still holds
    public void Apply_waits_for_a_lock_another_process_holds_says_so_and_gives_up_with_QF1008(bool dotNetLockingOff)
    {
        var output = scenario.NewOutput(singleFile: true);
        Assert.Equal(0, CliRun.Of(scenario.Apply("A", output, "--json")).ExitCode);
        var manifestBefore = File.ReadAllBytes(BuildManifest.PathFor(output, outputIsFolder: false));

        // This test process holds the lock: for the child, another process.
        using (OutputLock.Acquire(output, TimeSpan.Zero))
        {
            var environment = dotNetLockingOff ? new Dictionary<string, string> { ["DOTNET_SYSTEM_IO_DISABLEFILELOCKING"] = "1" } : null;
            var refused = ToolProcess.Run(environment, scenario.Apply("B", output, "--lock-timeout", "1", "--json"));

            Assert.Equal(1, refused.ExitCode);
            var lines = refused.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal($"quickfix: waiting for the lock on {output} held by pid {Environment.ProcessId} (up to 1 s)", lines[0].TrimEnd());
            Assert.StartsWith($"{output}: error QF1008: another bake (pid {Environment.ProcessId}) holds the lock on this output", lines[1], StringComparison.Ordinal);
        }

        Assert.Equal(manifestBefore, File.ReadAllBytes(BuildManifest.PathFor(output, outputIsFolder: false)));
        Assert.Empty(ProcessScenario.Leftovers(output));
    }

    [Fact]
    public void Apply_waiting_for_a_lock_goes_on_when_the_holder_lets_go()
    {
        var output = scenario.NewOutput(singleFile: false);
        Assert.Equal(0, CliRun.Of(scenario.Apply("A", output, "--json")).ExitCode);
        var held = OutputLock.Acquire(output, TimeSpan.Zero);
        using var bake = ToolProcess.Start(null, scenario.Apply("B", output, "--json"));
        try
        {
            Assert.True(bake.WaitFor("quickfix: waiting for the lock"), bake.Error);
            Assert.Equal("A", scenario.BakedFrom(output));
        }
        finally
        {
            held.Dispose();
        }

        Assert.True(bake.WaitForExit() == 0, bake.Error);
        Assert.Equal("B", scenario.BakedFrom(output));
        Assert.True(ManifestVerifier.Verify(output).AllOk);
    }

    [Fact]
    public void Two_apply_processes_racing_on_one_output_both_succeed_and_share_a_consistent_hash_cache()
    {
        var output = scenario.NewOutput(singleFile: false);
        Assert.Equal(0, CliRun.Of(scenario.Apply("A", output, "--json")).ExitCode);
        var cache = scenario.Temp("cache-" + Guid.NewGuid().ToString("N"));
        var environment = new Dictionary<string, string> { ["QUICKFIX_CACHE"] = cache };

        for (var round = 0; round < 2; round++)
        {
            using var first = ToolProcess.Start(environment, scenario.Apply("B", output, "--json"));
            using var second = ToolProcess.Start(environment, scenario.Apply("A", output, "--json"));
            Assert.True(first.WaitForExit() == 0, first.Error);
            Assert.True(second.WaitForExit() == 0, second.Error);
            Assert.True(ManifestVerifier.Verify(output).AllOk);
            Assert.Empty(ProcessScenario.Leftovers(output));
        }

        var entries = Directory.GetFiles(Path.Combine(cache, "file-hashes"));
        Assert.NotEmpty(entries);
        Assert.All(entries, entry =>
        {
            Assert.EndsWith(".json", entry, StringComparison.Ordinal);
            using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(entry));
        });
    }
}
