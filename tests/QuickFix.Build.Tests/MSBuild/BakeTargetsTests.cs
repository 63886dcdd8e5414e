namespace QuickFix.Tests.MSBuild;

/// <summary>
/// build/QuickFix.Build.targets in a real <c>dotnet build</c>: bakes, skips when nothing changed, rebakes when the
/// recipe changes, cleans, and shows tool errors in canonical form. Each test runs a few builds (seconds each).
/// </summary>
public sealed class BakeTargetsTests
{
    [Fact]
    public void Bakes_once_skips_an_unchanged_build_rebakes_a_touched_recipe_and_cleans()
    {
        using var sample = new SampleProject(SampleProject.TinyRecipe);

        var first = sample.Run("build").EnsureSuccess();
        Assert.Contains("QuickFix: baking", first.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(sample.Manifest), first.Output);
        Assert.True(File.Exists(Path.Combine(sample.OutputFolder, "quickfix.delta.safetensors")));
        var baked = File.GetLastWriteTimeUtc(sample.Manifest);

        var second = sample.Run("build").EnsureSuccess();
        Assert.DoesNotContain("QuickFix: baking", second.Output, StringComparison.Ordinal);
        Assert.Contains("edits.yaml is up to date", second.Output, StringComparison.Ordinal);
        Assert.Equal(baked, File.GetLastWriteTimeUtc(sample.Manifest));

        File.SetLastWriteTimeUtc(sample.RecipePath, baked.AddSeconds(2));
        var third = sample.Run("build").EnsureSuccess();
        Assert.Contains("QuickFix: baking", third.Output, StringComparison.Ordinal);
        Assert.NotEqual(baked, File.GetLastWriteTimeUtc(sample.Manifest));

        sample.Run("clean").EnsureSuccess();
        Assert.False(Directory.Exists(sample.OutputFolder), "clean left the baked output behind");
    }

    [Fact]
    public void A_recipe_error_is_an_MSBuild_error_at_the_recipe_line_and_column()
    {
        // Line 7, column 3: the misspelt key under `method:`.
        using var sample = new SampleProject("""
            version: 1
            model:
              synth: { family: sd15, size: tiny, seed: 1 }
            output:
              path: out/edited
            method:
              lamda: 0.01
            edits:
              - { key: Van Gogh, value: painting, kind: style }
            """);

        var build = sample.Run("build");

        Assert.NotEqual(0, build.ExitCode);
        Assert.Contains($"{sample.RecipePath}(7,3): error QF0110:", build.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("MSB6006", build.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(sample.Manifest));
    }

    [Fact]
    public void An_output_folder_the_tool_did_not_write_fails_the_build_until_QuickFixForce()
    {
        using var sample = new SampleProject(SampleProject.TinyRecipe);
        Directory.CreateDirectory(sample.OutputFolder);
        File.WriteAllText(Path.Combine(sample.OutputFolder, "notes.txt"), "mine");

        var refused = sample.Run("build");

        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains(
            $"{sample.OutputFolder} : error QF1009: '{sample.OutputFolder}' exists and was not written by QuickFix.Build (no quickfix.manifest.json of its own beside it); "
            + "refusing to replace it: move it away, or pass --force (MSBuild: QuickFixForce=true)",
            refused.Output,
            StringComparison.Ordinal);
        Assert.Equal("mine", File.ReadAllText(Path.Combine(sample.OutputFolder, "notes.txt")));

        var forced = sample.Run("build", "QuickFixForce=true", "QuickFixLockTimeout=30").EnsureSuccess();

        Assert.Contains("--force --lock-timeout 30", forced.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(sample.Manifest));
        Assert.False(File.Exists(Path.Combine(sample.OutputFolder, "notes.txt")));
    }
}
