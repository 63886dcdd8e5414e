using System.CommandLine;
using System.Globalization;
using QuickFix.Demo;
using QuickFix.Training;
using Spectre.Console;

namespace QuickFix.Cli.Commands;

/// <summary>
/// <c>quickfix train-demo --out DIR [--stage clip|vae|unet]... [--resume] [--steps-scale X] [--tiny] [--json]</c>: trains
/// the demo model (issue 9) from the procedural demo data, saving each stage's state as it goes; a killed run continues
/// with <c>--resume</c>.
/// </summary>
internal static class TrainDemoCommand
{
    /// <summary>Lines of plain progress per stage where the console cannot redraw.</summary>
    private const int PlainReports = 40;

    public static Command Create(CliConsole console)
    {
        var output = new Option<string>("--out") { Description = "The run's folder: tokenizer/, state/<stage>/, then model/ and training.json.", Required = true };
        var stages = new Option<TrainingStage[]>("--stage")
        {
            Description = "Stages to run (clip, vae, unet, scorer; repeatable); each needs the ones before it finished. Default: all.",
            AllowMultipleArgumentsPerToken = true,
            CustomParser = ParseStages,
        };
        var resume = new Option<bool>("--resume") { Description = "Continue each stage from its saved state instead of starting it afresh." };
        var stepsScale = new Option<double>("--steps-scale") { Description = "Multiply every stage's steps (1 = the committed model's plan).", DefaultValueFactory = _ => 1.0 };
        var tiny = new Option<bool>("--tiny") { Description = "A test-size model and a few images per step: checks the code in seconds, learns nothing." };
        stepsScale.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<double>() is var value && !(value > 0 && double.IsFinite(value)))
            {
                result.AddError(Invariant($"--steps-scale must be a positive number, got {value}"));
            }
        });
        var json = CommonOptions.Json();
        var command = new Command("train-demo", "Train the demo text-to-image model (CLIP, VAE, UNet) on the procedural demo data.")
        {
            output, stages, resume, stepsScale, tiny, json,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            var scale = parse.GetValue(stepsScale);
            var vocabularySize = DemoVocabulary.Size;
            var plan = parse.GetValue(tiny)
                ? TrainingPlan.Tiny(vocabularySize, Math.Max(1, (int)Math.Round(2 * scale)))
                : TrainingPlan.Demo(vocabularySize, scale);
            var selected = parse.GetValue(stages) is { Length: > 0 } chosen ? chosen : Enum.GetValues<TrainingStage>();
            var options = new TrainingOptions(parse.GetRequiredValue(output), plan, selected, parse.GetValue(resume));
            var quiet = parse.GetValue(json);
            var result = DemoTrainer.Train(options, quiet ? null : new PlainProgress(console.Human, plan), cancellationToken);
            if (quiet)
            {
                console.WriteJson(result);
                return Task.FromResult(ExitCodes.Success);
            }

            foreach (var state in result.Stages)
            {
                console.Human.MarkupLine(Invariant(
                    $"{DemoTrainer.Name(state.Stage)}: step {state.Step}/{state.Steps}, loss {Mean(state.Losses, 20):G4} (last 20), {state.Seconds:F0} s ({(state.Step > 0 ? state.Seconds / state.Step : 0):F2} s/step)"));
            }

            console.Human.MarkupLine(result.ModelDirectory is { } model
                ? $"wrote the model to [green]{Markup.Escape(model)}[/], the scorer to {Markup.Escape(result.ScorerDirectory!)} and the manifest to {Markup.Escape(result.ManifestPath!)}"
                : "[yellow]not every stage has finished; no model written yet[/] (run the remaining stages, with --resume to continue)");
            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }

    private static TrainingStage[] ParseStages(System.CommandLine.Parsing.ArgumentResult result)
    {
        var parsed = new List<TrainingStage>();
        foreach (var token in result.Tokens)
        {
            var named = Enum.GetValues<TrainingStage>().Where(stage => DemoTrainer.Name(stage) == token.Value).ToArray();
            if (named.Length == 1)
            {
                parsed.Add(named[0]);
            }
            else
            {
                result.AddError($"--stage: '{token.Value}' is not a stage; expected clip, vae, unet or scorer");
            }
        }

        return [.. parsed.Distinct()];
    }

    private static double Mean(IReadOnlyList<double> values, int last) => values.Count == 0 ? double.NaN : values.TakeLast(last).Average();

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// One line per 1/<see cref="PlainReports"/> of a stage and per save: step, mean loss since the last line, seconds per
    /// step and the stage's remaining time. Lines rather than a live bar, so that logs of hour-long runs stay readable.
    /// </summary>
    private sealed class PlainProgress(IAnsiConsole console, TrainingPlan plan) : IProgress<TrainingProgress>
    {
        private readonly List<double> window = [];
        private double windowSeconds;

        public void Report(TrainingProgress value)
        {
            window.Add(value.Loss);
            windowSeconds += value.StepSeconds;
            var every = Math.Max(1, plan.Of(value.Stage).Steps / PlainReports);
            if (value.Step % every != 0 && value.Step != value.Steps && value.Step != 1)
            {
                return;
            }

            var perStep = windowSeconds / window.Count;
            console.MarkupLine(Invariant(
                $"[grey]{DemoTrainer.Name(value.Stage)}[/] step {value.Step}/{value.Steps}  loss {window.Average():G4}  {perStep:F2} s/step  eta {TimeSpan.FromSeconds(perStep * (value.Steps - value.Step)):hh\\:mm\\:ss}{(value.Saved ? "  [green]saved[/]" : string.Empty)}"));
            window.Clear();
            windowSeconds = 0;
        }
    }
}
