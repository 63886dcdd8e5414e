using System.Text.Json;
using QuickFix.Imaging;

namespace QuickFix.Tests;

/// <summary>
/// <c>train-demo</c> runs every stage at test size and writes a model and a scorer that <c>evaluate</c> reads; the
/// commands' usage errors. (What the trained demo model learnt is tested on the committed model, in the core tests.)
/// </summary>
public sealed class TrainAndEvaluateCommandTests
{
    [Fact]
    public void A_tiny_run_writes_a_model_and_a_scorer_that_evaluate_reads()
    {
        using var temp = new TemporaryDirectory();
        var train = CliRun.Of("train-demo", "--out", temp.File("run"), "--tiny", "--steps-scale", "0.5", "--json");

        Assert.True(train.ExitCode == 0, train.Error);
        using (var result = JsonDocument.Parse(train.Output))
        {
            var stages = result.RootElement.GetProperty("stages").EnumerateArray().ToArray();
            Assert.Equal(["clip", "vae", "unet", "scorer"], stages.Select(s => s.GetProperty("stage").GetString()));
            Assert.All(stages, s => Assert.Equal(1, s.GetProperty("step").GetInt32()));
            Assert.Equal(temp.File("run/scorer"), result.RootElement.GetProperty("scorerDirectory").GetString());
        }

        var model = temp.File("run/model");
        var evaluate = CliRun.Of("evaluate", "--model", model, "--edited", model, "--prompts", "2", "--steps", "2", "--grid", temp.File("grid.png"), "--json");

        Assert.True(evaluate.ExitCode == 0, evaluate.Error);
        using var report = JsonDocument.Parse(evaluate.Output);
        var probes = report.RootElement.GetProperty("probes").EnumerateArray().ToArray();
        Assert.Equal(12, probes.Length);
        Assert.Equal(3, probes.Count(p => p.GetProperty("isEdited").GetBoolean()));

        // Rates are shares of 2 images. (Not "equal before and after": the untrained scorer's classes are near ties, and
        // libtorch's threaded float kernels may round two runs of the same model differently here.)
        Assert.All(probes, p => Assert.Contains(p.GetProperty("before").GetDouble(), (double[])[0, 0.5, 1]));
        Assert.All(probes, p => Assert.Contains(p.GetProperty("after").GetDouble(), (double[])[0, 0.5, 1]));
        Assert.All(probes.Where(p => p.TryGetProperty("editedInto", out _)), p => Assert.Contains(p.GetProperty("afterEditedInto").GetDouble(), (double[])[0, 0.5, 1]));
        Assert.Equal(0.1, report.RootElement.GetProperty("chance").GetProperty("object").GetDouble(), 12);
        var alone = CliRun.Of("evaluate", "--model", model, "--prompts", "1", "--steps", "1", "--json");
        Assert.True(alone.ExitCode == 0, alone.Error);
        using (var baseOnly = JsonDocument.Parse(alone.Output))
        {
            Assert.All(baseOnly.RootElement.GetProperty("probes").EnumerateArray(), p => Assert.False(p.TryGetProperty("after", out _)));
        }

        var grid = PngReader.Read(temp.File("grid.png"));
        // Three edits, two prompts each, before and after, enlarged 4 times.
        Assert.True(grid.Width > 2 * 32 * 4 && grid.Height > 3 * 2 * 32 * 4, $"{grid.Width}x{grid.Height}");
    }

    [Fact]
    public void An_unknown_stage_and_a_grid_without_an_edited_model_are_usage_errors()
    {
        using var temp = new TemporaryDirectory();

        var stage = CliRun.Of("train-demo", "--out", temp.Path, "--stage", "decoder");
        var scale = CliRun.Of("train-demo", "--out", temp.Path, "--steps-scale", "0");
        var grid = CliRun.Of("evaluate", "--model", temp.Path, "--grid", temp.File("g.png"));

        Assert.Equal((2, "error QF0001: --stage: 'decoder' is not a stage; expected clip, vae, unet or scorer"), (stage.ExitCode, stage.Error.Trim()));
        Assert.Equal((2, "error QF0001: --steps-scale must be a positive number, got 0"), (scale.ExitCode, scale.Error.Trim()));
        Assert.Equal((2, "error QF0001: --grid compares the base with the edited model; pass --edited too"), (grid.ExitCode, grid.Error.Trim()));
    }

    [Fact]
    public void A_missing_scorer_is_QF1601_naming_its_config()
    {
        using var temp = new TemporaryDirectory();
        Directory.CreateDirectory(temp.File("model"));

        var run = CliRun.Of("evaluate", "--model", temp.File("model"));

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith($"{temp.File("scorer/config.json")}: error QF1601: cannot read the scorer config", run.Error, StringComparison.Ordinal);
    }
}
