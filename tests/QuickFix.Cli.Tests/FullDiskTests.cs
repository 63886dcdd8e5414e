using System.Diagnostics;
using QuickFix.Checkpoints.Manifests;

namespace QuickFix.Tests;

/// <summary>
/// A real full disk: a 16 MiB tmpfs mounted in a user namespace (<c>unshare -rm</c>, no root needed where the kernel
/// allows unprivileged user namespaces), where one output of the tiny base fits (its files are copied, not linked:
/// the base is on another file system) and a second does not. The second bake fails with ENOSPC mid-copy.
/// </summary>
public sealed class FullDiskTests(ProcessScenario scenario) : IClassFixture<ProcessScenario>
{
    [UserNamespaceFact]
    public void A_full_disk_fails_the_bake_with_QF1010_naming_the_path_and_keeps_the_previous_output()
    {
        var mount = scenario.Temp("tmpfs-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(mount);
        var output = Path.Combine(mount, "edited");
        var quickfix = $"'{ToolProcess.Host}' '{ToolProcess.Dll}'";
        var script = $"""
            set -u
            mount -t tmpfs -o size=16m tmpfs '{mount}' || exit 90
            {quickfix} {Quote(scenario.Apply("A", output, "--json"))} > /dev/null || exit 91
            {quickfix} {Quote(scenario.Apply("B", output, "--json"))}
            echo "apply-exit=$?"
            {quickfix} verify '{output}' --json > '{mount}.verify.json'
            echo "verify-exit=$?"
            cp '{BuildManifest.PathFor(output, outputIsFolder: true)}' '{mount}.manifest.json'
            ls -A '{mount}' | sed 's/^/entry=/'
            """;

        var (exitCode, log) = Run("unshare", "-rm", "bash", "-c", script);

        Assert.True(exitCode == 0, log);
        Assert.Contains("apply-exit=1", log, StringComparison.Ordinal);
        Assert.Contains("verify-exit=0", log, StringComparison.Ordinal);
        var error = log.Split('\n').Single(line => line.Contains("error QF1010", StringComparison.Ordinal));
        // .NET's message for ENOSPC in a file copy names no file; the tool adds the one it was writing (in the staging folder).
        Assert.Matches(
            $@"^{System.Text.RegularExpressions.Regex.Escape(output)}: error QF1010: writing the output failed at '{System.Text.RegularExpressions.Regex.Escape(mount)}/\.edited\.[0-9a-f]{{32}}\.tmp/edited/[^']+': "
            + "No space left on device.*; the previous output is unchanged$",
            error.TrimEnd());
        Assert.Equal(["entry=.edited.lock", "entry=edited"], log.Split('\n').Where(line => line.StartsWith("entry=", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        Assert.Equal("A", BakedFromManifest(mount + ".manifest.json"));
    }

    private string BakedFromManifest(string manifest)
    {
        var sha = BuildManifest.Load(manifest).Recipe.Sha256;
        var recipe = scenario.RecipeFor(singleFile: false, "A");
        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(recipe))) == sha ? "A" : "not A";
    }

    private static string Quote(string[] arguments) => string.Join(' ', arguments.Select(a => $"'{a}'"));

    private static (int ExitCode, string Log) Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output + error.Result);
    }
}
