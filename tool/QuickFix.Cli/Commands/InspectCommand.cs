using System.CommandLine;
using QuickFix.Checkpoints;
using Spectre.Console;

namespace QuickFix.Cli.Commands;

/// <summary><c>quickfix inspect PATH</c>: family, layout, components, text encoders, dtypes, tensor count, hashes.</summary>
internal static class InspectCommand
{
    public static Command Create(CliConsole console)
    {
        var path = new Argument<string>("path") { Description = "Diffusers folder or single .safetensors or .ckpt file." };
        var hash = new Option<bool>("--hash") { Description = "Also hash every file (SHA-256, tensor-bytes SHA-256, XxHash128); reads all bytes." };
        var tokenizer = CommonOptions.Tokenizer();
        var json = CommonOptions.Json();
        var command = new Command("inspect", "Describe a checkpoint from its headers and configs (no tensor bytes are read).")
        {
            path, hash, tokenizer, json,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            using var checkpoint = Checkpoint.Open(parse.GetRequiredValue(path), parse.GetValue(tokenizer));
            var summary = CheckpointSummary.Of(checkpoint, parse.GetValue(hash), cancellationToken);
            if (parse.GetValue(json))
            {
                console.WriteJson(summary);
            }
            else
            {
                Render(console.Human, summary);
            }

            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }

    private static void Render(IAnsiConsole output, CheckpointSummary summary)
    {
        output.MarkupLine($"[bold]{Markup.Escape(summary.Path)}[/]");
        output.MarkupLine($"family [green]{summary.Family}[/], layout [green]{summary.Layout}[/], {summary.TensorCount} tensors " +
            $"({Markup.Escape(string.Join(", ", summary.DTypes.Select(d => $"{d.Key}: {d.Value}")))})");

        var files = new Table().AddColumns("component", "file", "tensors", "bytes", "sha256").UseSafeBorder();
        foreach (var file in summary.Files)
        {
            files.AddRow(
                Markup.Escape(file.Component), Markup.Escape(file.RelativePath), $"{file.TensorCount}", $"{file.Size:N0}",
                file.Hashes?.Sha256 ?? "(use --hash)");
        }

        output.Write(files);
        var encoders = new Table().AddColumns("encoder", "width", "heads", "layers run/stored", "act", "padding", "edited tensor").UseSafeBorder();
        foreach (var encoder in summary.TextEncoders)
        {
            encoders.AddRow(
                $"{encoder.Index} {encoder.Name}", $"{encoder.HiddenSize}", $"{encoder.Heads}",
                $"{encoder.LayersRun}/{encoder.StoredLayers}{(encoder.FinalLayerNorm ? " + final LN" : string.Empty)}",
                encoder.Activation, encoder.Padding, Markup.Escape(encoder.EditedTensor));
        }

        output.Write(encoders);
    }
}
