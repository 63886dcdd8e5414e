using System.CommandLine;

namespace QuickFix.Cli;

/// <summary>Options several commands share, built fresh per command (an option belongs to one parent).</summary>
internal static class CommonOptions
{
    public static Option<bool> Json() => new("--json") { Description = "Write machine-readable JSON to standard output." };

    public static Option<double> LockTimeout()
    {
        var option = new Option<double>("--lock-timeout")
        {
            Description = "Seconds to wait while another bake writes the same output (0: fail at once).",
            DefaultValueFactory = _ => Baking.OutputLock.DefaultTimeout.TotalSeconds,
        };
        option.Validators.Add(result =>
        {
            // A token that is no number at all gets the parser's own error; this one is for numbers out of range.
            if (result.Tokens.Count == 1
                && double.TryParse(result.Tokens[0].Value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var seconds)
                && !(seconds >= 0 && double.IsFinite(seconds)))
            {
                result.AddError("--lock-timeout must be a number of seconds, 0 or more.");
            }
        });
        return option;
    }

    public static Option<string> Model() => new("--model") { Description = "Diffusers folder or single .safetensors or .ckpt file.", Required = true };

    public static Option<int?> Encoder() => new("--encoder") { Description = "Text encoder index (SDXL: 0 = CLIP-L, 1 = OpenCLIP bigG); default: all." };

    public static Option<string?> Tokenizer() =>
        new("--tokenizer") { Description = "Tokenizer folder (vocab.json + merges.txt) for checkpoints that carry none." };
}
