using System.Globalization;
using System.Text.Json;
using QuickFix.Checkpoints;
using QuickFix.Checkpoints.Layouts;
using QuickFix.Checkpoints.Synthesis;
using QuickFix.Evaluation;
using QuickFix.Models.Unet;
using QuickFix.Models.Vae;
using QuickFix.Text;
using TorchSharp;
using static TorchSharp.torch;

namespace QuickFix.Training;

/// <summary>
/// Writes the trained demo model as a Stable Diffusion 1.x diffusers folder in f16 through the synthesizer's writer
/// (<see cref="CheckpointSynthesizer.WriteDiffusers"/>: the same configs, file names and tensor order as any SD 1.x
/// folder), with the demo tokenizer, the text tower, the VAE (its measured scaling factor in its config) and the UNet's
/// EMA weights; the concept scorer into <c>scorer/</c> beside it (<see cref="ConceptScorer"/>); then
/// <c>training.json</c>: seeds, steps, batch sizes, losses, timings and every file's SHA-256.
/// </summary>
internal static class DemoModelWriter
{
    /// <summary>Losses averaged at the start and end of each stage in the manifest.</summary>
    private const int LossWindow = 20;

    /// <summary>About this many chunk means of each stage's losses make its curve in the manifest.</summary>
    private const int LossCurvePoints = 50;

    private static readonly JsonSerializerOptions ManifestOptions = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static (string ModelDirectory, string ScorerDirectory, string ManifestPath) Write(TrainingRun run, IReadOnlyList<StageState> states, CancellationToken cancellationToken)
    {
        var plan = run.Plan;
        var scalingFactor = states.Single(s => s.Stage == TrainingStage.Vae).VaeScalingFactor!.Value;
        var weights = new Dictionary<string, Dictionary<string, float[]>>(StringComparer.Ordinal);
        using (var clip = new ClipContrastiveModel(plan.Model))
        using (var vae = new AutoencoderKL(plan.Model.Vae))
        using (var unet = new UNet2DConditionModel(plan.Model.Unet))
        {
            StageTrainer.LoadModel(clip, run.StateDirectory(TrainingStage.Clip));
            StageTrainer.LoadModel(vae, run.StateDirectory(TrainingStage.Vae));
            UnetStageTrainer.LoadEma(unet, run.StateDirectory(TrainingStage.Unet));
            weights["text_encoder"] = ValuesOf(clip.TextEncoder);
            weights["vae"] = ValuesOf(vae);
            weights["unet"] = ValuesOf(unet);
        }

        ITensorValues Values(CheckpointInventory inventory, string file, TensorSpec spec)
        {
            var component = file[..file.IndexOf('/', StringComparison.Ordinal)];
            var values = weights[component].GetValueOrDefault(spec.Name)
                ?? throw new InvalidOperationException($"The trained {component} has no parameter '{spec.Name}' for {file}.");
            return values.LongLength == spec.Shape.ElementCount
                ? new FixedTensorValues([.. values.Select(v => (double)v)])
                : throw new InvalidOperationException($"The trained {component}'s '{spec.Name}' has {values.LongLength} values, the layout {spec.Shape.ElementCount}.");
        }

        var result = CheckpointSynthesizer.WriteDiffusers(
            new DiffusersOutput(
                run.ModelDirectory,
                TensorDType.F16,
                tokenizer => plan.Model.ToStableDiffusionConfig(tokenizer.BeginOfTextId, tokenizer.EndOfTextId, tokenizer.PadId, scalingFactor),
                run.TokenizerDirectory,
                PaddingStyle.EndOfText,
                OptionalTensors.None,
                Metadata(plan),
                Environment.ProcessorCount,
                Values,
                SynthesisTokenizerKind.Copied),
            secondTokenizer: null,
            progress: null,
            cancellationToken);

        using (var scorer = new ConceptClassifier(plan.Model.ImageTowerWidths))
        {
            StageTrainer.LoadModel(scorer, run.StateDirectory(TrainingStage.Scorer));
            ConceptScorer.Save(scorer, plan.Model.ImageSize, run.ScorerDirectory, cancellationToken);
        }

        var modelFolder = Path.GetFileName(run.ModelDirectory);
        var scorerFolder = Path.GetFileName(run.ScorerDirectory);
        var files = result.Files.Select(f => (Path: $"{modelFolder}/{f.RelativePath}", f.Hashes))
            .Concat(Directory.GetFiles(run.ScorerDirectory).Select(path => (Path: $"{scorerFolder}/{Path.GetFileName(path)}", Hashes: CheckpointHasher.HashFile(path, 0))))
            .OrderBy(f => f.Path, StringComparer.Ordinal);
        var manifest = new
        {
            Model = modelFolder,
            Scorer = scorerFolder,
            Version = CheckpointSynthesizer.ToolVersion(),
            plan.DataSeed,
            plan.EvaluationSeed,
            plan.InitSeed,
            plan.Model.ImageSize,
            VaeScalingFactor = scalingFactor,
            Stages = states.Select(s => new
            {
                Stage = DemoTrainer.Name(s.Stage),
                s.Steps,
                s.BatchSize,
                plan.Of(s.Stage).LearningRate,
                FirstLoss = s.Losses.Take(LossWindow).DefaultIfEmpty(double.NaN).Average(),
                LastLoss = s.Losses.TakeLast(LossWindow).DefaultIfEmpty(double.NaN).Average(),
                LossCurve = s.Losses.Chunk(Math.Max(1, s.Losses.Count / LossCurvePoints)).Select(chunk => Math.Round(chunk.Average(), 5)),
                s.Seconds,
                SecondsPerStep = s.Steps > 0 ? s.Seconds / s.Steps : 0,
            }),
            Files = files.Select(f => new { f.Path, f.Hashes.Size, f.Hashes.Sha256 }),
        };
        Checkpoints.AtomicFile.Write(run.ManifestPath, stream => { JsonSerializer.Serialize(stream, manifest, ManifestOptions); return 0; });
        return (result.OutputPath, run.ScorerDirectory, run.ManifestPath);
    }

    private static Dictionary<string, float[]> ValuesOf(nn.Module module) => module.named_parameters().ToDictionary(
        p => p.name,
        p => p.parameter.detach().to(ScalarType.Float32).contiguous().data<float>().ToArray(),
        StringComparer.Ordinal);

    private static IEnumerable<KeyValuePair<string, string>> Metadata(TrainingPlan plan)
    {
        yield return new("format", "pt");
        yield return new("quickfix.train.model", "demo");
        yield return new("quickfix.train.data_seed", plan.DataSeed.ToString(CultureInfo.InvariantCulture));
        yield return new("quickfix.train.init_seed", plan.InitSeed.ToString(CultureInfo.InvariantCulture));
        yield return new("quickfix.version", CheckpointSynthesizer.ToolVersion());
    }
}
