using System.CommandLine;
using QuickFix.Checkpoints.Layouts;
using QuickFix.Checkpoints.Synthesis;
using Spectre.Console;

namespace QuickFix.Cli.Commands;

/// <summary>
/// <c>quickfix synth --family sd15|sd21|sdxl --size tiny|full --layout diffusers|single-file --dtype f32|f16|bf16 --seed N --out PATH</c>:
/// a deterministic random-weight checkpoint with the exact structure of the family.
/// </summary>
internal static class SynthCommand
{
    public static Command Create(CliConsole console)
    {
        var family = new Option<string>("--family") { Description = "Model family.", Required = true };
        family.AcceptOnlyFromAmong("sd15", "sd21", "sdxl");
        var size = new Option<string>("--size") { Description = "full: the released tensor names, shapes and files; tiny: the same structure at small width.", DefaultValueFactory = _ => "tiny" };
        size.AcceptOnlyFromAmong("tiny", "full");
        var layout = new Option<string>("--layout") { Description = "Diffusers folder or single .safetensors file.", DefaultValueFactory = _ => "diffusers" };
        layout.AcceptOnlyFromAmong("diffusers", "single-file");
        var dtype = new Option<string>("--dtype") { Description = "Floating-point storage type.", DefaultValueFactory = _ => "f32" };
        dtype.AcceptOnlyFromAmong("f32", "f16", "bf16");
        var seed = new Option<ulong>("--seed") { Description = "Seed of the weights; same seed, same bytes.", DefaultValueFactory = _ => 1234 };
        var output = new Option<string>("--out") { Description = "Output folder (diffusers) or .safetensors file (single-file).", Required = true };
        var tokenizer = new Option<string?>("--tokenizer")
        {
            Description = "Copy this CLIP tokenizer folder (vocab.json + merges.txt) instead of the project's own tiny vocabulary.",
        };
        var json = CommonOptions.Json();
        var command = new Command("synth", "Write a synthesized checkpoint (random weights, real structure) for tests and benchmarks.")
        {
            family, size, layout, dtype, seed, output, tokenizer, json,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            var options = new SynthesisOptions(
                parse.GetRequiredValue(family) switch { "sd15" => ModelFamily.SD15, "sd21" => ModelFamily.SD21, _ => ModelFamily.SDXL },
                parse.GetRequiredValue(size) == "full" ? ModelSize.Full : ModelSize.Tiny,
                parse.GetRequiredValue(layout) == "single-file" ? CheckpointLayout.SingleFile : CheckpointLayout.Diffusers,
                parse.GetRequiredValue(dtype) switch { "f16" => TensorDType.F16, "bf16" => TensorDType.BF16, _ => TensorDType.F32 },
                parse.GetValue(seed),
                Path.GetFullPath(parse.GetRequiredValue(output)),
                parse.GetValue(tokenizer));
            var result = parse.GetValue(json)
                ? CheckpointSynthesizer.Synthesize(options, progress: null, cancellationToken)
                : WithProgress(console.Human, options, cancellationToken);
            if (parse.GetValue(json))
            {
                console.WriteJson(result);
            }
            else
            {
                console.Human.MarkupLine(
                    $"wrote [green]{result.Files.Count(f => f.IsWeights)}[/] weights file(s), {result.Files.Sum(f => f.Size):N0} bytes, " +
                    $"{result.Tokenizer.ToString().ToLowerInvariant()} tokenizer, to {Markup.Escape(result.OutputPath)}");
            }

            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }

    private static SynthesisResult WithProgress(IAnsiConsole console, SynthesisOptions options, CancellationToken cancellationToken) =>
        console.Progress().Start(context =>
        {
            var task = context.AddTask("synthesizing");
            return CheckpointSynthesizer.Synthesize(
                options,
                new Progress<SynthesisProgress>(p =>
                {
                    task.MaxValue = Math.Max(1, p.TotalBytes);
                    task.Value = p.BytesWritten;
                }),
                cancellationToken);
        });
}
