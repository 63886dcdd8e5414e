using System.Globalization;
using System.Text.Json;
using QuickFix.Checkpoints.Layouts;
using QuickFix.Checkpoints.Synthesis;
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
/// EMA weights; then <c>training.json</c> beside it: seeds, steps, batch sizes, losses and the files' SHA-256.
/// </summary>
internal static class DemoModelWriter
{
    /// <summary>Losses averaged at the start and end of each stage in the manifest.</summary>
    private const int LossWindow = 20;

    private static readonly JsonSerializerOptions ManifestOptions = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static (string ModelDirectory, string ManifestPath) Write(TrainingRun run, IReadOnlyList<StageState> states, CancellationToken cancellationToken)
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

        var manifest = new
        {
            Model = Path.GetFileName(run.ModelDirectory),
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
            }),
            Files = result.Files.OrderBy(f => f.RelativePath, StringComparer.Ordinal).Select(f => new { Path = f.RelativePath, f.Hashes.Size, f.Hashes.Sha256 }),
        };
        Checkpoints.AtomicFile.Write(run.ManifestPath, stream => { JsonSerializer.Serialize(stream, manifest, ManifestOptions); return 0; });
        return (result.OutputPath, run.ManifestPath);
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
