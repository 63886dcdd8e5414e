using QuickFix.Models.Vae;

namespace QuickFix.Training;

/// <summary>
/// The finished earlier stages a stage builds on: the UNet stage needs the contrastive model's text tower and the VAE
/// with its scaling factor, the scorer stage the VAE. Empty for the first two stages.
/// </summary>
internal sealed class FinishedModels : IDisposable
{
    public FinishedModels(TrainingRun run, TrainingStage stage)
    {
        if (stage is not (TrainingStage.Unet or TrainingStage.Scorer))
        {
            return;
        }

        var vaeState = run.RequireFinished(TrainingStage.Vae, stage);
        if (stage == TrainingStage.Unet)
        {
            run.RequireFinished(TrainingStage.Clip, stage);
            Clip = new ClipContrastiveModel(run.Plan.Model);
            StageTrainer.LoadModel(Clip, run.StateDirectory(TrainingStage.Clip));
        }

        Vae = new AutoencoderKL(run.Plan.Model.Vae);
        StageTrainer.LoadModel(Vae, run.StateDirectory(TrainingStage.Vae));
        ScalingFactor = vaeState.VaeScalingFactor!.Value;
    }

    /// <summary>The trained contrastive model (its text tower), or null.</summary>
    public ClipContrastiveModel? Clip { get; }

    /// <summary>The trained VAE, or null.</summary>
    public AutoencoderKL? Vae { get; }

    /// <summary>The VAE's measured scaling factor.</summary>
    public double ScalingFactor { get; }

    /// <inheritdoc/>
    public void Dispose()
    {
        Clip?.Dispose();
        Vae?.Dispose();
    }
}
