using System.Text.Json;
using QuickFix.Checkpoints;
using QuickFix.Checkpoints.Layouts;
using QuickFix.Evaluation;
using QuickFix.Models.Vae;
using QuickFix.Runtime;
using QuickFix.Sampling;
using QuickFix.Training;
using TorchSharp;

namespace QuickFix.Tests.Training;

/// <summary>A few steps of each stage on a tiny model of the demo architecture: the training code stays honest.</summary>
public sealed class DemoTrainerTests
{
    /// <summary>The demo vocabulary's size (README "Demo data").</summary>
    private const int VocabularySize = 688;

    public DemoTrainerTests() => TorchRuntime.EnsureLoaded();

    internal static TrainingPlan TinyPlan(int clipSteps = 2, int vaeSteps = 2, int unetSteps = 2, int scorerSteps = 2) => TrainingPlan.Tiny(VocabularySize) with
    {
        Clip = new StagePlan(clipSteps, BatchSize: 8, LearningRate: 1e-3),
        Vae = new StagePlan(vaeSteps, BatchSize: 4, LearningRate: 1e-3),
        Unet = new StagePlan(unetSteps, BatchSize: 4, LearningRate: 1e-3),
        Scorer = new StagePlan(scorerSteps, BatchSize: 4, LearningRate: 1e-3),
    };

    [Fact]
    public void All_stages_train_with_finite_losses_and_write_a_diffusers_folder_the_pipeline_runs()
    {
        using var temp = new TemporaryDirectory();
        var progress = new List<TrainingProgress>();
        var result = DemoTrainer.Train(
            new TrainingOptions(temp.File("run"), TinyPlan(), [TrainingStage.Clip, TrainingStage.Vae, TrainingStage.Unet, TrainingStage.Scorer]),
            new SynchronousProgress<TrainingProgress>(progress.Add));

        Assert.Equal(
            [TrainingStage.Clip, TrainingStage.Clip, TrainingStage.Vae, TrainingStage.Vae, TrainingStage.Unet, TrainingStage.Unet, TrainingStage.Scorer, TrainingStage.Scorer],
            progress.Select(p => p.Stage));
        Assert.Equal([1, 2, 1, 2, 1, 2, 1, 2], progress.Select(p => p.Step));
        Assert.Equal([false, true, false, true, false, true, false, true], progress.Select(p => p.Saved));
        Assert.All(progress, p => Assert.True(p.StepSeconds > 0));
        Assert.All(result.Stages, s => Assert.Equal(2, s.Losses.Count));
        Assert.All(result.Stages, s => Assert.Equal(progress.Where(p => p.Stage == s.Stage).Sum(p => p.StepSeconds), s.Seconds, 9));
        Assert.All(result.Stages.SelectMany(s => s.Losses), loss => Assert.True(double.IsFinite(loss) && loss > 0, $"loss {loss}"));

        // InfoNCE over a batch of 8 starts near ln 8 (untrained towers barely tell the pairs apart).
        Assert.InRange(result.Stages[0].Losses[0], Math.Log(8) - 0.5, Math.Log(8) + 0.5);
        var scaling = result.Stages[1].VaeScalingFactor!.Value;
        Assert.True(double.IsFinite(scaling) && scaling > 0);

        using var checkpoint = Checkpoint.Open(result.ModelDirectory!);
        Assert.Equal(ModelFamily.SD15, checkpoint.Family);
        Assert.Equal(VocabularySize, checkpoint.TextEncoders[0].Config.VocabSize);
        Assert.True(File.Exists(Path.Combine(result.ModelDirectory!, "unet", "diffusion_pytorch_model.fp16.safetensors")));
        using (var vaeConfig = JsonDocument.Parse(File.ReadAllText(Path.Combine(result.ModelDirectory!, "vae", "config.json"))))
        {
            Assert.Equal(scaling, vaeConfig.RootElement.GetProperty("scaling_factor").GetDouble(), 12);
        }

        using var pipeline = TextToImagePipeline.Load(checkpoint);
        Assert.Equal(32, pipeline.DefaultSize);
        var generated = pipeline.Generate(new GenerationRequest(["a red circle on a white background"]) { Seed = 1, Steps = 2, Scheduler = SchedulerKind.Ddim });
        Assert.Single(generated.Images);
        Assert.Equal(32, generated.Width);

        using var manifest = JsonDocument.Parse(File.ReadAllText(result.ManifestPath!));
        Assert.Equal(["clip", "vae", "unet", "scorer"], manifest.RootElement.GetProperty("stages").EnumerateArray().Select(s => s.GetProperty("stage").GetString()));
        var files = manifest.RootElement.GetProperty("files").EnumerateArray().ToDictionary(f => f.GetProperty("path").GetString()!, f => f.GetProperty("sha256").GetString());
        Assert.Equal(CheckpointHasher.HashFile(Path.Combine(result.ModelDirectory!, "vae", "diffusion_pytorch_model.fp16.safetensors"), 0).Sha256,
            files["model/vae/diffusion_pytorch_model.fp16.safetensors"]);
        Assert.Equal(CheckpointHasher.HashFile(Path.Combine(result.ScorerDirectory!, "model.safetensors"), 0).Sha256, files["scorer/model.safetensors"]);

        // The scorer loads and reads a generated image: one label per head, each head's probabilities summing to 1.
        using var scorer = ConceptScorer.Load(result.ScorerDirectory!);
        var scores = scorer.Score([generated.Images[0].Image]).Single();
        foreach (var head in ConceptLabels.Heads)
        {
            Assert.Contains(scores.Label(head), ConceptLabels.Of(head));
            Assert.Equal(1.0, ConceptLabels.Of(head).Sum(label => scores.Probability(head, label)), 5);
        }
    }

    [Fact]
    public void A_resumed_vae_stage_repeats_the_uninterrupted_run_and_changes_the_weights()
    {
        using var temp = new TemporaryDirectory();
        var whole = DemoTrainer.Train(new TrainingOptions(temp.File("whole"), TinyPlan(vaeSteps: 4), [TrainingStage.Vae]));
        DemoTrainer.Train(new TrainingOptions(temp.File("split"), TinyPlan(vaeSteps: 2), [TrainingStage.Vae]));
        var resumed = DemoTrainer.Train(new TrainingOptions(temp.File("split"), TinyPlan(vaeSteps: 4), [TrainingStage.Vae], Resume: true));

        Assert.Null(whole.ModelDirectory);
        Assert.Equal(4, resumed.Stages.Single().Step);
        Assert.Equal(whole.Stages.Single().Losses, resumed.Stages.Single().Losses);

        float[] Weights(string run)
        {
            using var vae = new AutoencoderKL(TinyPlan().Model.Vae);
            vae.load(Path.Combine(temp.File(run), "state", "vae", "model.dat"));
            return [.. vae.parameters().SelectMany(p => p.detach().data<float>().ToArray())];
        }

        Assert.Equal(Weights("whole"), Weights("split"));
        Assert.Equal(whole.Stages.Single().VaeScalingFactor, resumed.Stages.Single().VaeScalingFactor);
        using var initial = new AutoencoderKL(TinyPlan().Model.Vae);
        WeightInitializer.Initialize(initial, TinyPlan().InitSeed, "vae");
        Assert.NotEqual([.. initial.parameters().SelectMany(p => p.detach().data<float>().ToArray())], Weights("whole"));
    }

    [Fact]
    public void The_unet_stage_without_a_finished_clip_and_vae_stage_is_QF1503()
    {
        using var temp = new TemporaryDirectory();

        var error = Assert.Throws<TrainingException>(() => DemoTrainer.Train(new TrainingOptions(temp.File("run"), TinyPlan(), [TrainingStage.Unet])));

        Assert.Equal("QF1503", error.Code);
        Assert.Equal(Path.Combine(temp.File("run"), "state", "vae", "state.json"), error.FilePath);
        Assert.Contains("the unet stage needs the finished vae stage of this architecture, found no saved state; run --stage vae first", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_scorer_stage_needs_only_the_vae_and_learns_the_labels_it_is_given()
    {
        using var temp = new TemporaryDirectory();
        var error = Assert.Throws<TrainingException>(() => DemoTrainer.Train(new TrainingOptions(temp.File("run"), TinyPlan(), [TrainingStage.Scorer])));
        Assert.Equal("QF1503", error.Code);
        Assert.Equal(Path.Combine(temp.File("run"), "state", "vae", "state.json"), error.FilePath);

        var result = DemoTrainer.Train(new TrainingOptions(temp.File("run"), TinyPlan(scorerSteps: 6), [TrainingStage.Vae, TrainingStage.Scorer]));

        // Four heads' cross-entropies at uniform guessing: ln 10 + ln 8 + ln 6 + ln 6 ≈ 7.95; a few steps must start there and move.
        var losses = result.Stages.Single(s => s.Stage == TrainingStage.Scorer).Losses;
        Assert.InRange(losses[0], 7.95 - 1.0, 7.95 + 1.0);
        Assert.NotEqual(losses[0], losses[^1]);
        Assert.Null(result.ModelDirectory);
    }

    [Fact]
    public void Resuming_with_another_batch_size_is_QF1504()
    {
        using var temp = new TemporaryDirectory();
        DemoTrainer.Train(new TrainingOptions(temp.File("run"), TinyPlan(clipSteps: 1), [TrainingStage.Clip]));
        var other = TinyPlan() with { Clip = new StagePlan(2, BatchSize: 6, LearningRate: 1e-3) };

        var error = Assert.Throws<TrainingException>(() => DemoTrainer.Train(new TrainingOptions(temp.File("run"), other, [TrainingStage.Clip], Resume: true)));

        Assert.Equal("QF1504", error.Code);
        Assert.Equal(Path.Combine(temp.File("run"), "state", "clip", "state.json"), error.FilePath);
    }

    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
