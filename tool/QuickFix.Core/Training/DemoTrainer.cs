using System.Diagnostics;
using QuickFix.Checkpoints.Synthesis;
using QuickFix.Demo;
using QuickFix.Models.Vae;
using QuickFix.Runtime;
using QuickFix.Text;
using TorchSharp;

namespace QuickFix.Training;

/// <summary>
/// Trains the demo model (issue 9) from the procedural demo data with the project's own modules and TorchSharp autograd:
/// CLIP contrastively, then the VAE, then the UNet as latent diffusion with the frozen text tower, then the concept
/// scorer that evaluates it; writes the model as a Stable Diffusion 1.x diffusers folder in f16 and the scorer beside it
/// (<see cref="DemoModelWriter"/>).
/// </summary>
/// <remarks>
/// <para><b>Deterministic.</b> Initial weights come from counter-based streams (<see cref="WeightInitializer"/>); step
/// <c>s</c> trains on items <c>[s·B, (s+1)·B)</c> of the dataset and draws its noise, timesteps and caption dropout from
/// counter-based streams keyed by (seed, stage, s) (<see cref="StepRandom"/>). A run resumed from any saved step therefore repeats the uninterrupted
/// one (bit for bit on the same machine and thread count; libtorch's float kernels may differ elsewhere).</para>
/// <para><b>Crash-safe.</b> Each stage's state (model, AdamW moments, EMA, step, losses) is saved every
/// <see cref="TrainingPlan.CheckpointEvery"/> steps and at its end into a staging folder renamed into place, so a
/// killed run resumes from its last save.</para>
/// </remarks>
public static class DemoTrainer
{
    /// <summary>The evaluation images that measure the VAE's latent scale.</summary>
    private const int ScalingImages = 64;

    /// <summary>Runs <paramref name="options"/>.</summary>
    /// <exception cref="TrainingException">QF1503: a stage's prerequisite has not finished; QF1504: saved state of another plan.</exception>
    /// <exception cref="DemoDataException">QF1502: the output path is a file.</exception>
    /// <exception cref="OperationCanceledException">Cancelled (the last saved state stays).</exception>
    public static TrainingResult Train(TrainingOptions options, IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        TorchRuntime.EnsureLoaded();
        var run = new TrainingRun(DemoDataWriter.PrepareFolder(options.OutputDirectory), options.Plan);
        var tokenizer = run.Tokenizer();
        foreach (var stage in Enum.GetValues<TrainingStage>().Where(options.Stages.Contains))
        {
            RunStage(run, stage, tokenizer, options.Resume, progress, cancellationToken);
        }

        var states = Enum.GetValues<TrainingStage>().Select(run.ReadState).OfType<StageState>().ToArray();
        if (states.Length < Enum.GetValues<TrainingStage>().Length || states.Any(s => !s.Finished))
        {
            return new TrainingResult(run.Root, states, null, null, null);
        }

        var written = DemoModelWriter.Write(run, states, cancellationToken);
        return new TrainingResult(run.Root, states, written.ModelDirectory, written.ScorerDirectory, written.ManifestPath);
    }

    private static void RunStage(TrainingRun run, TrainingStage stage, ClipTokenizer tokenizer, bool resume, IProgress<TrainingProgress>? progress,
        CancellationToken cancellationToken)
    {
        var plan = run.Plan;
        var stagePlan = plan.Of(stage);
        var fingerprint = StageState.Fingerprint(plan.Model);
        var saved = resume ? run.ReadState(stage) : null;
        if (saved is not null && (saved.ModelFingerprint != fingerprint || saved.BatchSize != stagePlan.BatchSize || saved.InitSeed != plan.InitSeed
            || saved.DataSeed != plan.DataSeed))
        {
            throw new TrainingException(TrainingException.StateMismatchCode,
                $"{Path.Combine(run.StateDirectory(stage), StageState.FileName)}: the saved {Name(stage)} state was trained with another architecture, " +
                $"batch size or seed (expected batch {stagePlan.BatchSize}, seeds {plan.DataSeed}/{plan.InitSeed}); resume with the same plan or start afresh without --resume",
                Path.Combine(run.StateDirectory(stage), StageState.FileName));
        }

        if (saved is { } done && done.Step >= stagePlan.Steps && (stage != TrainingStage.Vae || done.VaeScalingFactor is not null))
        {
            return;
        }

        using var models = new FinishedModels(run, stage);
        using var trainer = Create(stage, plan, tokenizer, models);
        var state = saved is null
            ? new StageState(stage, 0, stagePlan.Steps, stagePlan.BatchSize, fingerprint, plan.InitSeed, plan.DataSeed, [])
            : saved with { Steps = stagePlan.Steps };
        if (saved is not null)
        {
            trainer.Load(run.StateDirectory(stage));
        }

        var dataset = new DemoDataset(plan.DataSeed, plan.Model.ImageSize);
        var losses = new List<double>(state.Losses);
        for (var step = state.Step; step < stagePlan.Steps; step++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var started = Stopwatch.GetTimestamp();
            var batch = DemoBatch.Load(dataset, (long)step * stagePlan.BatchSize, stagePlan.BatchSize, cancellationToken);
            losses.Add(trainer.Step(batch, new StepRandom(plan.InitSeed, $"{Name(stage)}/step/{step}")));
            var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
            var last = step + 1 == stagePlan.Steps;
            var save = last || (step + 1) % plan.CheckpointEvery == 0;
            state = state with { Step = step + 1, Losses = [.. losses], Seconds = state.Seconds + seconds };
            if (last && stage == TrainingStage.Vae)
            {
                state = state with { VaeScalingFactor = MeasureScalingFactor((AutoencoderKL)trainer.Model, plan, cancellationToken) };
            }

            if (save)
            {
                run.SaveState(trainer, state);
            }

            progress?.Report(new TrainingProgress(stage, step + 1, stagePlan.Steps, losses[^1], save, seconds));
        }
    }

    private static StageTrainer Create(TrainingStage stage, TrainingPlan plan, ClipTokenizer tokenizer, FinishedModels models) => stage switch
    {
        TrainingStage.Clip => new ClipStageTrainer(plan, tokenizer),
        TrainingStage.Vae => new VaeStageTrainer(plan),
        TrainingStage.Unet => new UnetStageTrainer(plan, tokenizer, models.Clip!.TextEncoder, models.Vae!, models.ScalingFactor),
        _ => new ScorerStageTrainer(plan, models.Vae!),
    };

    /// <summary>LDM's rule: 1 / the standard deviation of the latents (posterior means) of held-out images.</summary>
    private static double MeasureScalingFactor(AutoencoderKL vae, TrainingPlan plan, CancellationToken cancellationToken)
    {
        using var scope = torch.NewDisposeScope();
        using var inference = torch.inference_mode();
        vae.eval();
        var batch = DemoBatch.Load(new DemoDataset(plan.EvaluationSeed, plan.Model.ImageSize), 0, ScalingImages, cancellationToken);
        var std = vae.Encode(batch.Images()).Mean.std().item<float>();
        return 1.0 / std;
    }

    /// <summary>The stage's name in folders, manifests and the command line: clip, vae, unet.</summary>
    public static string Name(TrainingStage stage) => stage.ToString().ToLowerInvariant();
}
