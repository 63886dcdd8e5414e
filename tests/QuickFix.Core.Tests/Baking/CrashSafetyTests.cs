using QuickFix.Baking;
using QuickFix.Checkpoints.Layouts;
using QuickFix.Checkpoints.Manifests;

namespace QuickFix.Tests.Baking;

/// <summary>
/// A bake stopped at every step of replacing its output, as a crash stops it (<see cref="CommitObserver"/> returning
/// false: nothing after the step runs, no clean-up): the previous output stays or comes back, and verifies; the lock
/// is free; the next run leaves nothing behind. Real processes killed with SIGKILL are in the CLI tests.
/// </summary>
public sealed class CrashSafetyTests
{
    public static TheoryData<CheckpointLayout> Layouts() => new() { CheckpointLayout.Diffusers, CheckpointLayout.SingleFile };

    [Theory]
    [MemberData(nameof(Layouts))]
    public void A_bake_stopped_at_any_step_leaves_the_previous_output_or_the_committed_new_one(CheckpointLayout layout)
    {
        using var scenario = new BakeScenario(layout);
        scenario.Bake(scenario.A);

        // Every step a complete bake reaches, with how often: the crash points.
        var points = new List<(CommitStep Step, int Occurrence)>();
        scenario.Bake(scenario.B, (step, _) =>
        {
            points.Add((step, points.Count(p => p.Step == step) + 1));
            return true;
        });
        Assert.Equal(Enum.GetValues<CommitStep>().Except([CommitStep.RolledBack]), points.Select(p => p.Step).Distinct());
        // A folder is one entry; a single file is itself, its tokenizer folder, its delta and its manifest.
        var entries = scenario.Single ? 4 : 1;
        Assert.Equal(entries, Directory.GetFileSystemEntries(scenario.OutputFolder).Length - 1);
        Assert.Equal(entries, points.Count(p => p.Step == CommitStep.MovedIn));
        Assert.Equal(entries, points.Count(p => p.Step == CommitStep.MovedAside));
        Assert.Equal(BuildManifest.Load(scenario.ManifestPath).OutputFiles.Count + 1, points.Count(p => p.Step == CommitStep.Staged));

        var current = "B";
        for (var i = 0; i < points.Count; i++)
        {
            var (step, occurrence) = points[i];
            var next = current == "A" ? scenario.B : scenario.A;
            var nextName = current == "A" ? "B" : "A";
            var manifestBefore = File.ReadAllBytes(scenario.ManifestPath);
            var seen = 0;

            var crash = Assert.Throws<CommitAbandonedException>(() => scenario.Bake(next, (s, _) => !(s == step && ++seen == occurrence)));

            Assert.Equal(step, crash.Step);
            var committed = step >= CommitStep.Committed;
            var expected = committed ? nextName : current;
            using (OutputLock.Acquire(scenario.Output, TimeSpan.Zero))
            {
                // The kernel gave the lock back; a zero timeout would have thrown QF1008.
            }

            if (step < CommitStep.Journaled || committed)
            {
                // Outside the journaled window the output at its path is whole even before any recovery.
                Assert.True(ManifestVerifier.Verify(scenario.Output).AllOk, $"{step}:{occurrence} before recovery");
                Assert.Equal(expected, scenario.BakedFrom());
            }

            if (i % 2 == 0)
            {
                // What `quickfix verify` does: roll back under the lock, then re-hash.
                Assert.True(OutputVerification.Verify(scenario.Output, TimeSpan.Zero).AllOk, $"{step}:{occurrence}");
                Assert.Equal(expected, scenario.BakedFrom());
                if (!committed)
                {
                    Assert.Equal(manifestBefore, File.ReadAllBytes(scenario.ManifestPath));
                }

                current = expected;
            }
            else
            {
                // The next apply recovers first, then replaces the output.
                var other = expected == "A" ? scenario.B : scenario.A;
                scenario.Bake(other);
                Assert.True(ManifestVerifier.Verify(scenario.Output).AllOk, $"{step}:{occurrence} then a bake");
                current = expected == "A" ? "B" : "A";
                Assert.Equal(current, scenario.BakedFrom());
            }

            Assert.Empty(scenario.Leftovers());
        }
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public void A_recovery_stopped_midway_is_finished_by_the_next_one(CheckpointLayout layout)
    {
        using var scenario = new BakeScenario(layout);
        scenario.Bake(scenario.A);
        var manifestBefore = File.ReadAllBytes(scenario.ManifestPath);
        var moved = 0;
        var movedIn = scenario.Single ? 3 : 1;
        Assert.Throws<CommitAbandonedException>(() => scenario.Bake(scenario.B, (s, _) => !(s == CommitStep.MovedIn && ++moved == movedIn)));

        var rolledBack = 0;
        var stopAt = scenario.Single ? 2 : 1;
        var folder = Path.GetDirectoryName(scenario.Output)!;
        var name = Path.GetFileName(scenario.Output);
        Assert.Throws<CommitAbandonedException>(() => OutputTransaction.Recover(folder, name, (s, _) => !(s == CommitStep.RolledBack && ++rolledBack == stopAt)));
        Assert.NotEmpty(scenario.Leftovers());

        Assert.Equal(1, OutputTransaction.Recover(folder, name, observer: null));

        Assert.Equal(manifestBefore, File.ReadAllBytes(scenario.ManifestPath));
        Assert.True(ManifestVerifier.Verify(scenario.Output).AllOk);
        Assert.Empty(scenario.Leftovers());
    }

    [Fact]
    public void The_next_bake_restores_a_single_file_caught_without_its_manifest_instead_of_refusing_it()
    {
        using var scenario = new BakeScenario(CheckpointLayout.SingleFile);
        scenario.Bake(scenario.A);
        var aside = 0;

        // The manifest is the last entry: stopped right after it went aside, the weights are new and no manifest is there.
        Assert.Throws<CommitAbandonedException>(() => scenario.Bake(scenario.B, (s, _) => !(s == CommitStep.MovedAside && ++aside == 4)));
        Assert.True(File.Exists(scenario.Output));
        Assert.False(File.Exists(scenario.ManifestPath));

        scenario.Bake(scenario.A);

        Assert.Equal("A", scenario.BakedFrom());
        Assert.True(ManifestVerifier.Verify(scenario.Output).AllOk);
        Assert.Empty(scenario.Leftovers());
    }

    [Theory]
    [InlineData(CheckpointLayout.Diffusers, CommitStep.Staged, 3)]
    [InlineData(CheckpointLayout.Diffusers, CommitStep.MovedIn, 1)]
    [InlineData(CheckpointLayout.SingleFile, CommitStep.Staged, 2)]
    [InlineData(CheckpointLayout.SingleFile, CommitStep.MovedIn, 2)]
    public void A_write_error_leaves_the_previous_output_and_names_the_path(CheckpointLayout layout, CommitStep failAt, int occurrence)
    {
        using var scenario = new BakeScenario(layout);
        scenario.Bake(scenario.A);
        var manifestBefore = File.ReadAllBytes(scenario.ManifestPath);
        var seen = 0;
        string? failedPath = null;

        // ENOSPC as .NET reports it; a real full disk is in the CLI tests (a small tmpfs in a user namespace).
        var error = Assert.Throws<BakeException>(() => scenario.Bake(scenario.B, (step, path) =>
        {
            if (step == failAt && ++seen == occurrence)
            {
                failedPath = path;
                throw new IOException($"No space left on device : '{path}'");
            }

            return true;
        }));

        Assert.Equal("QF1010", error.Code);
        Assert.False(error.IsInputError);
        Assert.Equal(scenario.Output, error.FilePath);
        Assert.Equal($"writing the output failed: No space left on device : '{failedPath}'; the previous output is unchanged", error.Message);
        Assert.Equal(manifestBefore, File.ReadAllBytes(scenario.ManifestPath));
        Assert.True(ManifestVerifier.Verify(scenario.Output).AllOk);
        Assert.Empty(scenario.Leftovers());
    }
}
