using System.CommandLine;
using QuickFix.Checkpoints;
using QuickFix.Text;
using Spectre.Console;

namespace QuickFix.Cli.Commands;

/// <summary><c>quickfix tokenize --model PATH [--encoder N] TEXT...</c>: ids (BOS..EOS) and the 77 padded ids.</summary>
internal static class TokenizeCommand
{
    /// <summary>One text's tokenization by one encoder's tokenizer.</summary>
    internal sealed record Tokenization(int Encoder, string Text, IReadOnlyList<int> Ids, IReadOnlyList<int> Padded);

    public static Command Create(CliConsole console)
    {
        var model = CommonOptions.Model();
        var encoder = CommonOptions.Encoder();
        var tokenizer = CommonOptions.Tokenizer();
        var json = CommonOptions.Json();
        var texts = new Argument<string[]>("text") { Description = "Texts to tokenize.", Arity = ArgumentArity.OneOrMore };
        var command = new Command("tokenize", "Tokenize texts with a checkpoint's tokenizer(s).") { model, encoder, tokenizer, json, texts };
        command.SetAction((parse, _) =>
        {
            using var checkpoint = Checkpoint.Open(parse.GetRequiredValue(model), parse.GetValue(tokenizer));
            var selected = checkpoint.SelectTextEncoders(parse.GetValue(encoder));
            var results = new List<Tokenization>();
            foreach (var component in selected)
            {
                var clip = component.OpenTokenizer();
                results.AddRange(parse.GetRequiredValue(texts).Select(text =>
                    new Tokenization(component.Index, text, clip.Encode(text), clip.EncodePadded(text))));
            }

            if (parse.GetValue(json))
            {
                console.WriteJson(results);
            }
            else
            {
                var table = new Table().AddColumns("encoder", "text", "ids", "padding").UseSafeBorder();
                foreach (var result in results)
                {
                    table.AddRow(
                        $"{result.Encoder}", Markup.Escape(result.Text), string.Join(' ', result.Ids),
                        $"{ClipTokenizer.ContextLength - result.Ids.Count} x {result.Padded[^1]}");
                }

                console.Human.Write(table);
            }

            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }
}
