using System.CommandLine;
using System.Globalization;
using System.Text;
using QuickFix.Checkpoints;
using QuickFix.Tracing;
using Spectre.Console;

namespace QuickFix.Cli.Commands;

/// <summary>
/// <c>quickfix trace --model PATH --prompt TEXT --subject TEXT [--samples N] [--noise F] [--seed N] [--layer L]
/// [--encoder N] [--tokenizer DIR] [--out DIR] [--json]</c>: causal trace of one text encoder; a table of the effects,
/// <c>trace.json</c> and <c>trace.png</c> in the output folder. The verdict is reported, not enforced: the trace gate
/// of <c>apply</c> decides what a refuted verdict means.
/// </summary>
internal static class TraceCommand
{
    public static Command Create(CliConsole console)
    {
        var model = CommonOptions.Model();
        var encoder = CommonOptions.Encoder();
        encoder.Description = "Text encoder index (SDXL: 0 = CLIP-L, 1 = OpenCLIP bigG); default 0.";
        var tokenizer = CommonOptions.Tokenizer();
        var json = CommonOptions.Json();
        var prompt = new Option<string>("--prompt") { Description = "The caption to trace.", Required = true };
        var subject = new Option<string>("--subject") { Description = "The subject inside the caption whose tokens are corrupted.", Required = true };
        var samples = new Option<int>("--samples") { Description = "Noise samples.", DefaultValueFactory = _ => TraceSettings.Default.Samples };
        var noise = new Option<double>("--noise") { Description = "Noise standard deviation in units of sigma (nu).", DefaultValueFactory = _ => TraceSettings.Default.NoiseMultiplier };
        var seed = new Option<ulong>("--seed") { Description = "Noise seed.", DefaultValueFactory = _ => TraceSettings.Default.Seed };
        var layer = new Option<int>("--layer") { Description = "The edited layer whose self-attention the verdict checks.", DefaultValueFactory = _ => 0 };
        var output = new Option<string?>("--out") { Description = "Folder for trace.json and trace.png (default: ./trace-<subject>)." };
        var command = new Command("trace", "Causal trace of a text encoder: which state at the last subject token carries the subject.")
        {
            model, prompt, subject, samples, noise, seed, layer, encoder, tokenizer, output, json,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            using var checkpoint = Checkpoint.Open(parse.GetRequiredValue(model), parse.GetValue(tokenizer));
            var component = checkpoint.SelectTextEncoders(parse.GetValue(encoder) ?? 0)[0];
            var settings = TraceSettings.Default with
            {
                Samples = parse.GetValue(samples),
                NoiseMultiplier = parse.GetValue(noise),
                Seed = parse.GetValue(seed),
                VerdictLayer = parse.GetValue(layer),
            };
            var subjectText = parse.GetRequiredValue(subject);
            var report = CausalTracer.Trace(component, parse.GetRequiredValue(prompt), subjectText, settings, null, cancellationToken);

            var folder = Path.GetFullPath(parse.GetValue(output) ?? $"trace-{Slug(subjectText)}");
            Directory.CreateDirectory(folder);
            var jsonPath = Path.Combine(folder, "trace.json");
            var pngPath = Path.Combine(folder, "trace.png");
            TraceReportJson.Write(jsonPath, report);
            TraceHeatmap.Write(pngPath, report);
            if (parse.GetValue(json))
            {
                console.Output.WriteLine(TraceReportJson.Serialize(report));
            }
            else
            {
                Render(console.Human, report);
                console.Human.MarkupLine($"wrote {Markup.Escape(jsonPath)} and {Markup.Escape(pngPath)}");
            }

            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }

    private static void Render(IAnsiConsole output, TraceReport report)
    {
        var span = report.Span;
        output.MarkupLine(Invariant($"[bold]{Markup.Escape(report.Model)}[/]"));
        var tokens = Markup.Escape(string.Join(' ', span.Tokens));
        output.MarkupLine(Invariant($"subject tokens {span.First}..{span.Last} ({tokens}), {report.Settings.Samples} samples"));
        output.MarkupLine(Invariant($"noise {report.Settings.NoiseMultiplier} x sigma {report.Sigma:G4} = {report.NoiseStd:G4}, seed {report.Settings.Seed}"));
        output.MarkupLine(Invariant($"score: clean {report.CleanScore:F6}, corrupted {report.CorruptedScore:F6} +- {report.CorruptedScoreStd:F6}"));

        var components = Enum.GetValues<TraceComponent>();
        var best = report.Effects.Where(e => e.Effect is not null && e.Component != TraceComponent.ResidualStream).MaxBy(e => e.Effect!.Value);
        var table = new Table().AddColumn("layer").UseSafeBorder();
        foreach (var component in components)
        {
            table.AddColumn(new TableColumn(Name(component)).RightAligned());
        }

        for (var l = 0; l < report.Layers; l++)
        {
            var cells = components.Select(c =>
            {
                var effect = report[l, c];
                var text = effect.Effect is double mean ? Invariant($"{mean:F3} +- {effect.EffectStd:F3}") : "undefined";
                return effect == best ? $"[bold yellow]{text} *[/]" : text;
            });
            table.AddRow([Invariant($"{l}"), .. cells]);
        }

        output.Write(table);
        output.MarkupLine("* the largest effect among self-attention and MLP outputs");
        if (report.EffectsUndefined)
        {
            output.MarkupLine("[yellow]effects undefined: the noise did not change the conditioning (noise 0?)[/]");
        }

        var colour = report.Verdict.Confirmed ? "green" : "red";
        output.MarkupLine($"verdict: [{colour}]{(report.Verdict.Confirmed ? "confirmed" : "not confirmed")}[/], {Markup.Escape(report.Verdict.Reason)}");
    }

    private static string Name(TraceComponent component) => component switch
    {
        TraceComponent.ResidualStream => "residual",
        TraceComponent.SelfAttention => "self-attention",
        _ => "mlp",
    };

    /// <summary>Lower-case letters and digits of <paramref name="text"/>, other runs as one <c>-</c>: <c>Van Gogh</c> → <c>van-gogh</c>.</summary>
    internal static string Slug(string text)
    {
        var slug = new StringBuilder();
        foreach (var character in text.Trim().ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(character))
            {
                slug.Append(character);
            }
            else if (slug.Length > 0 && slug[^1] != '-')
            {
                slug.Append('-');
            }
        }

        return slug.ToString().TrimEnd('-') is { Length: > 0 } done ? done : "subject";
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
