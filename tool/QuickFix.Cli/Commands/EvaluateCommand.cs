using System.CommandLine;
using System.Globalization;
using QuickFix.Checkpoints;
using QuickFix.Evaluation;
using QuickFix.Imaging;
using QuickFix.Sampling;
using Spectre.Console;

namespace QuickFix.Cli.Commands;

/// <summary>
/// <c>quickfix evaluate --model DIR [--edited DIR] [--scorer DIR] [--prompts N] [--seed S] [--steps N] [--grid FILE.png] [--json]</c>:
/// how often the demo model draws each concept of the demo edits, before and after an edit, read by the concept scorer.
/// </summary>
internal static class EvaluateCommand
{
    public static Command Create(CliConsole console)
    {
        var model = CommonOptions.Model();
        var edited = new Option<string?>("--edited") { Description = "The edited model (e.g. apply's output) to compare with --model." };
        var scorer = new Option<string?>("--scorer") { Description = "The concept scorer's folder (default: 'scorer' beside the model folder, as train-demo writes it)." };
        var prompts = new Option<int>("--prompts") { Description = "Prompts (images) per concept and model.", DefaultValueFactory = _ => new EvaluationOptions().PromptsPerProbe };
        var seed = new Option<ulong>("--seed") { Description = "Image i of each concept starts from seed S + i in both models.", DefaultValueFactory = _ => new EvaluationOptions().Seed };
        var steps = new Option<int>("--steps") { Description = "Sampling steps (DDIM).", DefaultValueFactory = _ => new EvaluationOptions().Steps };
        var grid = new Option<string?>("--grid") { Description = "Also write a before/after PNG of each edited concept's first prompts (needs --edited)." };
        var json = CommonOptions.Json();
        prompts.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 1 or > 1000)
            {
                result.AddError("--prompts must be from 1 to 1000");
            }
        });
        var command = new Command("evaluate", "Score how often the demo model draws each concept of the demo edits, before and after an edit.")
        {
            model, edited, scorer, prompts, seed, steps, grid, json,
        };
        command.Validators.Add(result =>
        {
            if (result.GetValue(grid) is not null && result.GetValue(edited) is null)
            {
                result.AddError("--grid compares the base with the edited model; pass --edited too");
            }
        });
        command.SetAction((parse, cancellationToken) =>
        {
            var modelPath = parse.GetRequiredValue(model);
            var editedPath = parse.GetValue(edited);
            var gridPath = parse.GetValue(grid);

            var scorerPath = parse.GetValue(scorer) ?? ConceptScorer.DirectoryBeside(modelPath);
            var options = new EvaluationOptions(parse.GetValue(prompts), parse.GetValue(seed), parse.GetValue(steps));
            var probes = DemoProbes.Create(options.PromptsPerProbe);
            using var conceptScorer = ConceptScorer.Load(scorerPath);
            using var baseCheckpoint = Checkpoint.Open(modelPath);
            using var basePipeline = TextToImagePipeline.Load(baseCheckpoint);
            using var editedCheckpoint = editedPath is null ? null : Checkpoint.Open(editedPath);
            using var editedPipeline = editedCheckpoint is null ? null : TextToImagePipeline.Load(editedCheckpoint);
            var report = DemoEvaluation.Run(basePipeline, editedPipeline, conceptScorer, probes, options, null, cancellationToken);
            if (gridPath is not null)
            {
                PngWriter.Write(gridPath, DemoEvaluation.Grid(basePipeline, editedPipeline!, probes, options, cancellationToken: cancellationToken));
            }

            if (parse.GetValue(json))
            {
                console.WriteJson(new
                {
                    Model = baseCheckpoint.Path,
                    Edited = editedCheckpoint?.Path,
                    Scorer = Path.GetFullPath(scorerPath),
                    report.Options,
                    report.Chance,
                    Probes = report.Probes.Select(r => new { r.Probe.Edit, r.Probe.Name, r.Probe.IsEdited, Head = ConceptLabels.Name(r.Probe.Head), r.Probe.Expected, r.Probe.EditedInto, r.Before, r.After, r.BeforeEditedInto, r.AfterEditedInto }),
                    Grid = gridPath is null ? null : Path.GetFullPath(gridPath),
                });
                return Task.FromResult(ExitCodes.Success);
            }

            var table = new Table().UseSafeBorder().AddColumns("edit", "concept", "", "scorer sees", "before", "after");
            foreach (var result in report.Probes)
            {
                var probe = result.Probe;
                table.AddRow(
                    Markup.Escape(probe.Edit),
                    Markup.Escape(probe.Name),
                    probe.IsEdited ? "[yellow]edited[/]" : "neighbour",
                    $"{ConceptLabels.Name(probe.Head)} = {probe.Expected}" + (probe.EditedInto is { } into ? $" / {into}" : string.Empty),
                    Percent(result.Before) + (result.BeforeEditedInto is { } b ? $" / {Percent(b)}" : string.Empty),
                    result.After is { } after ? Percent(after) + (result.AfterEditedInto is { } a ? $" / {Percent(a)}" : string.Empty) : "-");
            }

            console.Human.Write(table);
            console.Human.MarkupLine(string.Create(CultureInfo.InvariantCulture,
                $"{options.PromptsPerProbe} images per concept and model, seeds {options.Seed}..{options.Seed + (ulong)options.PromptsPerProbe - 1}, {options.Steps} DDIM steps, guidance {options.Guidance}; chance: object {Percent(report.Chance["object"])}, style {Percent(report.Chance["style"])}"));
            if (gridPath is not null)
            {
                console.Human.MarkupLine($"wrote [green]{Markup.Escape(Path.GetFullPath(gridPath))}[/]");
            }

            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }

    private static string Percent(double value) => string.Create(CultureInfo.InvariantCulture, $"{value * 100:F0}%");
}
