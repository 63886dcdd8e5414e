using System.Text.Json;
using QuickFix.Checkpoints;

namespace QuickFix.Tests;

/// <summary><c>apply</c> then <c>verify</c>, as a user runs them.</summary>
public sealed class ApplyCommandTests
{
    [Fact]
    public void Apply_writes_a_verifiable_output_and_verify_names_a_changed_tensor()
    {
        using var temp = new TemporaryDirectory();
        var recipe = SynthesizedBaseAndRecipe(temp);

        var apply = CliRun.Of("apply", recipe, "--no-trace", "--json");

        Assert.Equal(0, apply.ExitCode);
        using var json = JsonDocument.Parse(apply.Output);
        var output = json.RootElement.GetProperty("outputPath").GetString()!;
        Assert.Equal(temp.File("out"), output);
        Assert.Equal(0, CliRun.Of("verify", output).ExitCode);

        // Flip one byte of the edited tensor in the rewritten text encoder (replace the file: never write through a link).
        var textEncoder = Path.Combine(output, "text_encoder", "model.safetensors");
        var name = "text_model.encoder.layers.0.self_attn.out_proj.weight";
        long offset;
        using (var file = SafetensorsFile.Open(textEncoder))
        {
            offset = file.DataOffset + file[name].Begin;
        }

        var bytes = File.ReadAllBytes(textEncoder);
        bytes[offset] ^= 1;
        File.Delete(textEncoder);
        File.WriteAllBytes(textEncoder, bytes);

        var verify = CliRun.Of("verify", output);

        Assert.Equal(1, verify.ExitCode);
        Assert.Contains("error QF0702: text_encoder/model.safetensors differs from the manifest (tensors: " + name + ")", verify.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_recipe_error_is_reported_at_its_line_and_column_with_exit_2()
    {
        using var temp = new TemporaryDirectory();
        var recipe = temp.File("edits.yaml");
        File.WriteAllText(recipe, "version: 1\nmodel: { synth: { family: sd15, size: tiny, seed: 1 } }\noutput: { path: out }\nedits: [{ key: Van Gogh, valu: painting }]\n");

        var run = CliRun.Of("apply", recipe);

        Assert.Equal(2, run.ExitCode);
        Assert.Matches(@"edits\.yaml\(4,\d+\): error QF01\d\d: ", run.Error);
    }

    [Fact]
    public void Apply_refuses_an_output_folder_it_did_not_write_unless_forced()
    {
        using var temp = new TemporaryDirectory();
        var recipe = SynthesizedBaseAndRecipe(temp);
        Directory.CreateDirectory(temp.File("out"));
        File.WriteAllText(temp.File("out/notes.txt"), "mine");

        var refused = CliRun.Of("apply", recipe, "--no-trace", "--json");
        var forced = CliRun.Of("apply", recipe, "--no-trace", "--force", "--json");

        Assert.Equal(2, refused.ExitCode);
        Assert.StartsWith($"{temp.File("out")}: error QF1009: '{temp.File("out")}' exists and was not written by QuickFix.Build", refused.Error, StringComparison.Ordinal);
        Assert.Equal(0, forced.ExitCode);
        Assert.False(File.Exists(temp.File("out/notes.txt")));
        Assert.Equal(0, CliRun.Of("verify", temp.File("out")).ExitCode);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("soon")]
    public void A_lock_timeout_that_is_not_a_number_of_seconds_is_refused(string value)
    {
        var run = CliRun.Of("apply", "edits.yaml", "--lock-timeout", value);

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("error QF0001: ", run.Error, StringComparison.Ordinal);
        Assert.Contains("--lock-timeout", run.Error, StringComparison.Ordinal);
    }

    /// <summary>A tiny SD 1.5 folder base (<c>base</c>) and a one-edit recipe (<c>edits.yaml</c>) baking it into <c>out</c> with a delta.</summary>
    private static string SynthesizedBaseAndRecipe(TemporaryDirectory temp)
    {
        var model = temp.File("base");
        Assert.Equal(0, CliRun.Of("synth", "--family", "sd15", "--layout", "diffusers", "--seed", "5", "--out", model, "--json").ExitCode);
        var recipe = temp.File("edits.yaml");
        File.WriteAllText(recipe, $$"""
            version: 1
            model: { path: {{model}} }
            output: { path: out, delta: true }
            edits: [{ key: Van Gogh, value: painting }]
            """);
        return recipe;
    }
}
