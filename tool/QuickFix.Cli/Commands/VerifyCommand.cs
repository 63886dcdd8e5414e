using System.CommandLine;
using QuickFix.Baking;
using QuickFix.Checkpoints.Manifests;
using Spectre.Console;

namespace QuickFix.Cli.Commands;

/// <summary>
/// <c>quickfix verify PATH [--lock-timeout S]</c>: re-hashes an output folder or manifest; exit 1 on any mismatch. An
/// output an interrupted bake left mid-commit is rolled back first (<see cref="OutputVerification"/>).
/// </summary>
internal static class VerifyCommand
{
    public static Command Create(CliConsole console)
    {
        var path = new Argument<string>("path") { Description = "An output folder, output file, or quickfix.manifest.json." };
        var lockTimeout = CommonOptions.LockTimeout();
        var json = CommonOptions.Json();
        var command = new Command("verify", "Re-hash a baked output and compare it with its manifest.") { path, lockTimeout, json };
        command.SetAction((parse, cancellationToken) =>
        {
            var report = OutputVerification.Verify(
                parse.GetRequiredValue(path),
                TimeSpan.FromSeconds(parse.GetValue(lockTimeout)),
                message => console.Error.WriteLine($"quickfix: {message}"),
                cancellationToken);
            if (parse.GetValue(json))
            {
                console.WriteJson(report);
            }
            else
            {
                foreach (var file in report.Files)
                {
                    var colour = file.Status == VerifyStatus.Ok ? "green" : "red";
                    console.Human.MarkupLine($"[{colour}]{file.Status.ToString().ToLowerInvariant()}[/] {Markup.Escape(file.Path)}");
                    foreach (var tensor in file.ChangedTensors ?? [])
                    {
                        console.Human.MarkupLine($"  [red]changed tensor[/] {Markup.Escape(tensor)}");
                    }
                }
            }

            if (!report.AllOk)
            {
                foreach (var file in report.Files.Where(f => f.Status != VerifyStatus.Ok))
                {
                    var tensors = file.ChangedTensors is { Count: > 0 } changed ? $" (tensors: {string.Join(", ", changed)})" : string.Empty;
                    var problem = file.Status == VerifyStatus.Missing ? "is missing" : "differs from the manifest";
                    console.Error.WriteLine($"{report.ManifestPath}: error QF0702: {file.Path} {problem}{tensors}");
                }

                return Task.FromResult(ExitCodes.GateFailed);
            }

            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }
}
