using System.Text.Json;
using QuickFix.Checkpoints;
using QuickFix.Checkpoints.Layouts;
using QuickFix.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace QuickFix.Sampling;

/// <summary>
/// The noise schedule a checkpoint was trained with, as the schedulers take it: a diffusers scheduler config, and for
/// single files that carry it, the file's own <c>alphas_cumprod</c> buffer.
/// </summary>
/// <param name="Config">The scheduler config.</param>
/// <param name="AlphasCumprod">The training schedule to use instead of the config's betas, or null.</param>
/// <param name="Source">Where the schedule came from, for reports.</param>
public sealed record NoiseSchedule(SchedulerConfig Config, IReadOnlyList<double>? AlphasCumprod, string Source)
{
    /// <summary>The LatentDiffusion buffer a single file's schedule is read from.</summary>
    public const string AlphasCumprodBuffer = "alphas_cumprod";

    /// <summary>
    /// Diffusers folder: <c>scheduler/scheduler_config.json</c> (the family's released config when the folder has
    /// none). Single file: the family's released scheduler config, with the file's <c>alphas_cumprod</c> buffer
    /// (upcast exactly from F16/BF16) as the schedule when present: it is what CompVis' <c>DDIMSampler</c> samples with,
    /// and an F16 file's rounded buffer differs from the recomputed schedule by up to 2.4e-4 relative (fixture README §3).
    /// </summary>
    /// <exception cref="CheckpointException">The scheduler config is not valid JSON, or the buffer has the wrong length.</exception>
    public static NoiseSchedule Resolve(Checkpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        var released = StableDiffusionConfig.Full(checkpoint.Family).Scheduler;
        if (checkpoint.Layout == CheckpointLayout.Diffusers)
        {
            var path = System.IO.Path.Combine(checkpoint.Path, "scheduler", "scheduler_config.json");
            return File.Exists(path)
                ? new NoiseSchedule(ReadConfig(path), null, path)
                : new NoiseSchedule(released, null, $"released {checkpoint.Family} scheduler config (the folder has no scheduler/)");
        }

        var file = checkpoint.Files.Single().File;
        if (!file.TryGetTensor(AlphasCumprodBuffer, out var buffer))
        {
            return new NoiseSchedule(released, null, $"released {checkpoint.Family} scheduler config");
        }

        if (buffer.Shape.Count != 1 || buffer.Shape[0] != released.NumTrainTimesteps
            || buffer.DType is not (SafetensorsDType.F16 or SafetensorsDType.BF16 or SafetensorsDType.F32 or SafetensorsDType.F64))
        {
            throw new CheckpointException(
                CheckpointError.UnexpectedTensor,
                $"'{AlphasCumprodBuffer}' is {buffer.DType} [{string.Join(", ", buffer.Shape)}]; expected a floating tensor [{released.NumTrainTimesteps}]",
                checkpoint.Path,
                AlphasCumprodBuffer);
        }

        TorchRuntime.EnsureLoaded();
        using var values = SafetensorsTorch.Read(file, buffer);
        using var upcast = values.to_type(ScalarType.Float64);
        return new NoiseSchedule(
            released, upcast.data<double>().ToArray(), $"released {checkpoint.Family} scheduler config, '{AlphasCumprodBuffer}' of {checkpoint.Path}");
    }

    /// <summary>A new scheduler of <paramref name="kind"/> on this schedule.</summary>
    /// <exception cref="SchedulerConfigException">The config asks for something the scheduler does not implement.</exception>
    public IScheduler CreateScheduler(SchedulerKind kind) => Schedulers.Create(kind, Config, AlphasCumprod);

    private static SchedulerConfig ReadConfig(string path)
    {
        try
        {
            return DiffusersConfigJson.Deserialize<SchedulerConfig>(File.ReadAllText(path));
        }
        catch (JsonException exception)
        {
            throw new CheckpointException(
                CheckpointError.InvalidConfig, $"not a valid scheduler config: {exception.Message}", path, innerException: exception);
        }
    }
}
