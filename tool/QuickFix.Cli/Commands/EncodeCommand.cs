using System.CommandLine;
using System.Globalization;
using QuickFix.Checkpoints;
using QuickFix.Models.Clip;
using Spectre.Console;

namespace QuickFix.Cli.Commands;

/// <summary>
/// <c>quickfix encode --model PATH [--encoder N] --prompt TEXT... --out FILE.safetensors</c>: what the UNet is conditioned on.
/// </summary>
internal static class EncodeCommand
{
    /// <summary>The command's JSON result.</summary>
    internal sealed record EncodeResult(string Output, int Prompts, int Width, FileHashes Hashes);

    public static Command Create(CliConsole console)
    {
        var model = CommonOptions.Model();
        var encoder = CommonOptions.Encoder();
        var tokenizer = CommonOptions.Tokenizer();
        var json = CommonOptions.Json();
        var prompts = new Option<string[]>("--prompt") { Description = "Prompts to encode.", Required = true, AllowMultipleArgumentsPerToken = true };
        var output = new Option<string>("--out") { Description = "The .safetensors file to write.", Required = true };
        var command = new Command("encode", "Encode prompts into the UNet's conditioning and write them as safetensors.")
        {
            model, encoder, tokenizer, prompts, output, json,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            var modelPath = parse.GetRequiredValue(model);
            using var checkpoint = Checkpoint.Open(modelPath, parse.GetValue(tokenizer));
            var encoderIndex = parse.GetValue(encoder);
            using var conditioner = TextConditioner.Load(checkpoint, encoderIndex);
            var encoded = conditioner.Encode(parse.GetRequiredValue(prompts), cancellationToken);
            var outputPath = Path.GetFullPath(parse.GetRequiredValue(output));
            var hashes = EncodingsFile.Write(
                outputPath,
                encoded,
                new Dictionary<string, string>
                {
                    ["quickfix.model"] = checkpoint.Path,
                    ["quickfix.family"] = checkpoint.Family.ToString(),
                    ["quickfix.encoder"] = encoderIndex?.ToString(CultureInfo.InvariantCulture) ?? "all",
                },
                cancellationToken);
            var result = new EncodeResult(outputPath, encoded.Count, conditioner.Width, hashes);
            if (parse.GetValue(json))
            {
                console.WriteJson(result);
            }
            else
            {
                console.Human.MarkupLine($"wrote {result.Prompts} prompt(s), [green][[77, {result.Width}]][/] each, to {Markup.Escape(outputPath)}");
            }

            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }
}
