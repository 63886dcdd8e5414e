using System.CommandLine;

namespace QuickFix.Cli;

/// <summary>Options several commands share, built fresh per command (an option belongs to one parent).</summary>
internal static class CommonOptions
{
    public static Option<bool> Json() => new("--json") { Description = "Write machine-readable JSON to standard output." };

    public static Option<string> Model() => new("--model") { Description = "Diffusers folder or single .safetensors or .ckpt file.", Required = true };

    public static Option<int?> Encoder() => new("--encoder") { Description = "Text encoder index (SDXL: 0 = CLIP-L, 1 = OpenCLIP bigG); default: all." };

    public static Option<string?> Tokenizer() =>
        new("--tokenizer") { Description = "Tokenizer folder (vocab.json + merges.txt) for checkpoints that carry none." };
}
