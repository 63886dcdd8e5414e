using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using QuickFix.Checkpoints;
using QuickFix.Imaging;
using QuickFix.Sampling;
using Spectre.Console;

namespace QuickFix.Cli.Commands;

/// <summary>
/// <c>quickfix generate --model PATH --prompt TEXT [--negative TEXT] [--seed N] [--steps N] [--guidance F]
/// [--scheduler ddim|euler|dpmpp-2m] [--width W --height H] [--latents FILE] [--tokenizer DIR] --out FILE.png [--json]</c>:
/// one text-to-image generation (<see cref="TextToImagePipeline"/>), with a progress bar (plain lines when the terminal
/// is not interactive).
/// </summary>
internal static class GenerateCommand
{
    public static Command Create(CliConsole console)
    {
        var model = CommonOptions.Model();
        var tokenizer = CommonOptions.Tokenizer();
        var json = CommonOptions.Json();
        var prompt = new Option<string>("--prompt") { Description = "The prompt.", Required = true };
        var negative = new Option<string>("--negative") { Description = "Negative (unconditional) prompt of classifier-free guidance.", DefaultValueFactory = _ => string.Empty };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the initial noise; same seed, same image.", DefaultValueFactory = _ => 0 };
        var steps = new Option<int>("--steps") { Description = "Sampling steps.", DefaultValueFactory = _ => GenerationRequest.DefaultSteps };
        var guidance = new Option<double>("--guidance") { Description = "Classifier-free guidance scale.", DefaultValueFactory = _ => GenerationRequest.DefaultGuidanceScale };
        var scheduler = new Option<string>("--scheduler") { Description = "Sampler.", DefaultValueFactory = _ => Schedulers.Names[0] };
        scheduler.AcceptOnlyFromAmong([.. Schedulers.Names]);
        var width = new Option<int?>("--width") { Description = "Image width, a multiple of 8 (default: the UNet's sample_size x 8)." };
        var height = new Option<int?>("--height") { Description = "Image height, a multiple of 8 (default: the UNet's sample_size x 8)." };
        var latents = new Option<string?>("--latents")
        {
            Description = $"Start from these unit-variance latents (safetensors, tensor '{LatentBatch.TensorName}' [1,4,h,w]) instead of seeded noise.",
        };
        var output = new Option<string>("--out") { Description = "The PNG file to write.", Required = true };
        var command = new Command("generate", "Generate an image from a prompt (text-to-image).")
        {
            model, prompt, negative, seed, steps, guidance, scheduler, width, height, latents, tokenizer, output, json,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            var latentsPath = parse.GetValue(latents);
            var request = new GenerationRequest([parse.GetRequiredValue(prompt)])
            {
                NegativePrompt = parse.GetValue(negative) ?? string.Empty,
                Seed = parse.GetValue(seed),
                Steps = parse.GetValue(steps),
                GuidanceScale = parse.GetValue(guidance),
                Scheduler = Schedulers.ParseKind(parse.GetRequiredValue(scheduler)),
                Width = parse.GetValue(width),
                Height = parse.GetValue(height),
                InitialLatents = latentsPath is null ? null : LatentBatch.Read(latentsPath),
            };
            var outputPath = Path.GetFullPath(parse.GetRequiredValue(output));
            var quiet = parse.GetValue(json);

            var stopwatch = Stopwatch.StartNew();
            using var checkpoint = Checkpoint.Open(parse.GetRequiredValue(model), parse.GetValue(tokenizer));
            using var pipeline = TextToImagePipeline.Load(checkpoint);
            var result = quiet ? pipeline.Generate(request, null, cancellationToken) : WithProgress(console.Human, pipeline, request, cancellationToken);
            var image = result.Images[0];
            var bytes = PngWriter.Write(outputPath, image.Image);
            var report = new GenerateReport(
                checkpoint.Path, image.Prompt, request.NegativePrompt, image.Seed, latentsPath is null ? null : Path.GetFullPath(latentsPath),
                request.Steps, request.GuidanceScale, Schedulers.NameOf(result.Scheduler), result.Width, result.Height, result.Timesteps,
                outputPath, Convert.ToHexStringLower(SHA256.HashData(bytes)));
            if (quiet)
            {
                console.WriteJson(report);
            }
            else
            {
                console.Human.MarkupLine(Invariant(
                    $"wrote [green]{Markup.Escape(outputPath)}[/] ({result.Width}x{result.Height}, {report.Scheduler}, {request.Steps} steps, seed {(image.Seed is { } s ? s.ToString(CultureInfo.InvariantCulture) : "from latents")}) in {stopwatch.Elapsed.TotalSeconds:F1} s"));
            }

            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }

    /// <summary>A Spectre progress bar per image; plain step lines where the console cannot redraw (CI logs, tests).</summary>
    private static GenerationResult WithProgress(
        IAnsiConsole console, TextToImagePipeline pipeline, GenerationRequest request, CancellationToken cancellationToken)
    {
        if (!console.Profile.Capabilities.Interactive)
        {
            return pipeline.Generate(request, new Callback(p => console.MarkupLine(p.Decoded
                ? "[grey]decoded[/]"
                : Invariant($"[grey]step {p.Step}/{p.Steps}[/] t = {p.Timestep:0.###}"))), cancellationToken);
        }

        return console.Progress().Start(context =>
        {
            var task = context.AddTask(Markup.Escape(request.Prompts[0]), maxValue: request.Steps + 1);
            return pipeline.Generate(request, new Callback(p => task.Value = p.Decoded ? p.Steps + 1 : p.Step), cancellationToken);
        });
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>Reports on the generating thread, in order (<see cref="Progress{T}"/> would post to the thread pool).</summary>
    private sealed class Callback(Action<GenerationProgress> report) : IProgress<GenerationProgress>
    {
        public void Report(GenerationProgress value) => report(value);
    }

    /// <summary>The <c>--json</c> output.</summary>
    private sealed record GenerateReport(
        string Model, string Prompt, string NegativePrompt, ulong? Seed, string? Latents, int Steps, double Guidance, string Scheduler,
        int Width, int Height, IReadOnlyList<double> Timesteps, string Output, string Sha256);
}
