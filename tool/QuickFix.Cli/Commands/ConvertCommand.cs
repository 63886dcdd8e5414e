using System.CommandLine;
using QuickFix.Checkpoints.Pickle;
using Spectre.Console;

namespace QuickFix.Cli.Commands;

/// <summary>
/// <c>quickfix convert IN OUT.safetensors</c>: writes a pickle checkpoint's state-dict tensors as safetensors, reading
/// the pickle without running anything in it.
/// </summary>
internal static class ConvertCommand
{
    public static Command Create(CliConsole console)
    {
        var input = new Argument<string>("input") { Description = "A pickle checkpoint: .ckpt, .pt, .pth or .bin, as torch.save writes them." };
        var output = new Argument<string>("output") { Description = "The .safetensors file to write (atomically; an existing file is replaced)." };
        var json = CommonOptions.Json();
        var command = new Command("convert", "Convert a pickle checkpoint (.ckpt) to .safetensors without running code from it.")
        {
            input, output, json,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            var result = CheckpointConverter.Convert(parse.GetRequiredValue(input), parse.GetRequiredValue(output), cancellationToken);
            if (parse.GetValue(json))
            {
                console.WriteJson(result);
                return Task.FromResult(ExitCodes.Success);
            }

            console.Human.MarkupLine(
                $"wrote [green]{result.TensorCount}[/] tensors ({result.Output.Size:N0} bytes) from the {result.Format} checkpoint " +
                $"{Markup.Escape(result.InputPath)} to [green]{Markup.Escape(result.OutputPath)}[/]");
            var metadata = new Table().AddColumns("metadata", "value").UseSafeBorder();
            foreach (var (key, value) in result.Metadata)
            {
                metadata.AddRow(Markup.Escape(key), Markup.Escape(value));
            }

            console.Human.Write(metadata);
            console.Human.MarkupLine($"sha256 {result.Output.Sha256}");
            if (result.Dropped.Count > 0)
            {
                console.Human.MarkupLine($"[grey]left out (not tensors of the state dict): {Markup.Escape(string.Join(", ", result.Dropped))}[/]");
            }

            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }
}
