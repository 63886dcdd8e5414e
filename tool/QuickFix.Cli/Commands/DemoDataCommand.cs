using System.CommandLine;
using QuickFix.Demo;
using Spectre.Console;

namespace QuickFix.Cli.Commands;

/// <summary>
/// <c>quickfix demo-data --out DIR [--count N] [--seed S] [--size 64] [--vocab DIR] [--json]</c>: a contact sheet and
/// the captions of the procedural demo dataset, and optionally its CLIP-format vocabulary.
/// </summary>
internal static class DemoDataCommand
{
    public static Command Create(CliConsole console)
    {
        var output = new Option<string>("--out") { Description = "Folder for contact-sheet.png and captions.jsonl.", Required = true };
        var count = new Option<int>("--count") { Description = "Items to caption (indices 0..N-1); the sheet shows the first 256.", DefaultValueFactory = _ => 32 };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the dataset; same seed, same items.", DefaultValueFactory = _ => 1234 };
        var size = new Option<int>("--size") { Description = "Image side in pixels, a multiple of 16 from 32 to 512.", DefaultValueFactory = _ => DemoDataset.DefaultSize };
        var vocabulary = new Option<string?>("--vocab") { Description = "Also write the demo vocabulary (vocab.json, merges.txt: CLIP tokenizer format) to this folder." };
        var json = CommonOptions.Json();
        var command = new Command("demo-data", "Write a contact sheet and captions of the procedural demo dataset (and its vocabulary).")
        {
            output, count, seed, size, vocabulary, json,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            var result = DemoDataWriter.Write(
                new DemoDataRequest(parse.GetRequiredValue(output), parse.GetValue(count), parse.GetValue(seed), parse.GetValue(size), parse.GetValue(vocabulary)),
                cancellationToken);
            if (parse.GetValue(json))
            {
                console.WriteJson(result);
            }
            else
            {
                console.Human.MarkupLine(
                    $"wrote [green]{result.Count:N0}[/] captions to {Markup.Escape(result.CaptionsPath)} and {result.ContactSheetItems} images " +
                    $"({result.Size}x{result.Size}) to {Markup.Escape(result.ContactSheetPath)}" +
                    (result.VocabularyDirectory is { } directory ? $", a {result.VocabularySize}-id vocabulary to {Markup.Escape(directory)}" : string.Empty));
            }

            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }
}
