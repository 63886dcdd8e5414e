namespace QuickFix.Tests;

/// <summary>Bad input gets one line on standard error naming the file and the code, and exit code 2.</summary>
public sealed class ErrorReportingTests
{
    [Fact]
    public void A_missing_model_path_is_an_input_error_naming_the_path()
    {
        var run = CliRun.Of("inspect", "/nonexistent/model");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("/nonexistent/model: error QF0501: no checkpoint folder or file at this path", run.Error.Trim());
        Assert.Empty(run.Output);
    }

    [Fact]
    public void A_corrupt_safetensors_file_is_reported_with_its_rule()
    {
        using var temp = new TemporaryDirectory();
        var path = temp.File("broken.safetensors");
        File.WriteAllBytes(path, [1, 2, 3]);

        var run = CliRun.Of("inspect", path);

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith($"{path}: error QF02", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_truncated_pickle_checkpoint_is_reported_with_the_pickle_rule_and_its_place()
    {
        using var temp = new TemporaryDirectory();
        var path = temp.File("model.ckpt");
        File.WriteAllBytes(path, [0x80, 0x02]);

        var run = CliRun.Of("inspect", path);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal($"{path}: error QF1403: the magic-number pickle, byte 2: the data ends inside the pickle (no STOP)", run.Error.Trim());
    }

    [Fact]
    public void A_bin_component_file_is_refused_as_a_checkpoint()
    {
        using var temp = new TemporaryDirectory();
        var path = temp.File("pytorch_model.bin");
        File.WriteAllBytes(path, [0x80, 0x02]);

        var run = CliRun.Of("inspect", path);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("error QF0506", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_options_and_missing_required_options_exit_with_2()
    {
        Assert.Equal(2, CliRun.Of("inspect", "x", "--no-such-option").ExitCode);
        Assert.Equal(2, CliRun.Of("encode", "--prompt", "a cat").ExitCode);
    }

    [Fact]
    public void An_encoder_index_the_model_lacks_is_an_input_error()
    {
        var run = CliRun.Of("tokenize", "--model", SharedData.Reference("clip-text"), "--encoder", "1", "a cat");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("error QF0504", run.Error, StringComparison.Ordinal);
    }
}
