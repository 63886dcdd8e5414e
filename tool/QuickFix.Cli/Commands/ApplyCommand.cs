using System.CommandLine;
using System.Globalization;
using QuickFix.Baking;
using QuickFix.Recipes;
using Spectre.Console;

namespace QuickFix.Cli.Commands;

/// <summary>
/// <c>quickfix apply RECIPE [--out PATH] [--no-trace] [--no-images] [--accept] [--delta FILE] [--force] [--lock-timeout S]</c>:
/// the whole pipeline for a recipe.
/// </summary>
internal static class ApplyCommand
{
    public static Command Create(CliConsole console)
    {
        var recipePath = new Argument<string>("recipe") { Description = "The recipe (edits.yaml)." };
        var output = new Option<string?>("--out") { Description = "Write here instead of the recipe's output.path." };
        var noTrace = new Option<bool>("--no-trace") { Description = "Skip the causal-trace gate." };
        var noImages = new Option<bool>("--no-images") { Description = "Skip regenerating images." };
        var accept = new Option<bool>("--accept") { Description = "Accept regenerated images as the verified snapshots." };
        var delta = new Option<string?>("--delta")
        {
            Description = "Replay the edited tensors of an earlier bake's delta onto the same base instead of solving again.",
        };
        var force = new Option<bool>("--force") { Description = "Replace an existing output that QuickFix.Build did not write (never the base model)." };
        var lockTimeout = CommonOptions.LockTimeout();
        var json = CommonOptions.Json();
        var command = new Command("apply", "Bake a recipe's edits into an edited checkpoint, with a delta and a manifest.")
        {
            recipePath, output, noTrace, noImages, accept, delta, force, lockTimeout, json,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            var recipe = RecipeLoader.Load(parse.GetRequiredValue(recipePath));
            var options = new BakeOptions(
                parse.GetValue(output), !parse.GetValue(noTrace), !parse.GetValue(noImages), parse.GetValue(accept), parse.GetValue(delta),
                parse.GetValue(force), TimeSpan.FromSeconds(parse.GetValue(lockTimeout)), CrashTestHook.FromEnvironment());
            var quiet = parse.GetValue(json);
            var result = RecipeBaker.Bake(
                recipe,
                options,
                new Callback(p =>
                {
                    // Waiting is said even with --json: a build log must show why a bake stands still.
                    if (p.Stage == BakeStage.WaitingForLock)
                    {
                        console.Error.WriteLine($"quickfix: {p.Detail}");
                    }
                    else if (!quiet)
                    {
                        console.Human.MarkupLine($"[grey]{p.Stage}[/] {Markup.Escape(p.Detail)}");
                    }
                }),
                cancellationToken);
            foreach (var warning in result.Warnings)
            {
                console.Error.WriteLine($"{recipe.FilePath}: warning: {warning}");
            }

            if (quiet)
            {
                console.WriteJson(result);
                return Task.FromResult(ExitCodes.Success);
            }

            var table = new Table().AddColumns("encoder", "tensor", "pairs", "relative change").UseSafeBorder();
            foreach (var edit in result.Edits)
            {
                table.AddRow(
                    $"{edit.Encoder}", Markup.Escape($"{edit.File}: {edit.Tensor}"), $"{edit.Pairs}",
                    edit.RelativeChange.ToString("G4", CultureInfo.InvariantCulture));
            }

            console.Human.Write(table);
            console.Human.MarkupLine($"wrote [green]{Markup.Escape(result.OutputPath)}[/] and its manifest {Markup.Escape(result.ManifestPath)}");
            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }

    /// <summary>Reports on the baking thread, in order (<see cref="Progress{T}"/> would post to the thread pool).</summary>
    private sealed class Callback(Action<BakeProgress> report) : IProgress<BakeProgress>
    {
        public void Report(BakeProgress value) => report(value);
    }
}
