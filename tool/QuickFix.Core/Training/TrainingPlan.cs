namespace QuickFix.Training;

/// <summary>The demo model's training recipe.</summary>
/// <param name="Model">The architecture.</param>
/// <param name="Clip">The contrastive stage.</param>
/// <param name="Vae">The autoencoder stage.</param>
/// <param name="Unet">The diffusion stage.</param>
/// <param name="Scorer">The concept scorer's stage.</param>
/// <param name="DataSeed">The training dataset's seed (<see cref="QuickFix.Demo.DemoDataset"/>).</param>
/// <param name="EvaluationSeed">The held-out dataset's seed (VAE scaling factor, reported evaluation losses).</param>
/// <param name="InitSeed">Seeds the initial weights and every step's noise, timesteps and caption dropout.</param>
/// <param name="CheckpointEvery">Steps between saved states (and at each stage's end).</param>
/// <param name="KlWeight">The VAE's KL weight, relative to the per-image L1 sum (as LDM's 1e-6).</param>
/// <param name="EmptyCaptionRate">The share of UNet samples trained with the empty caption (for classifier-free guidance).</param>
/// <param name="EmaDecay">The UNet's EMA decay; the saved UNet is the EMA.</param>
public sealed record TrainingPlan(
    DemoModelConfig Model,
    StagePlan Clip,
    StagePlan Vae,
    StagePlan Unet,
    StagePlan Scorer,
    ulong DataSeed = 1,
    ulong EvaluationSeed = 2,
    ulong InitSeed = 9,
    int CheckpointEvery = 100,
    double KlWeight = 1e-6,
    double EmptyCaptionRate = 0.1,
    double EmaDecay = 0.999)
{
    /// <summary>The committed demo model's recipe; <paramref name="stepsScale"/> multiplies every stage's steps.</summary>
    public static TrainingPlan Demo(int vocabularySize, double stepsScale = 1.0)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(stepsScale);
        return new TrainingPlan(
            DemoModelConfig.Create(vocabularySize),
            new StagePlan(Steps: 600, BatchSize: 128, LearningRate: 1e-3).Scaled(stepsScale),
            new StagePlan(Steps: 1500, BatchSize: 16, LearningRate: 1e-3).Scaled(stepsScale),
            new StagePlan(Steps: 5000, BatchSize: 32, LearningRate: 5e-4).Scaled(stepsScale),
            new StagePlan(Steps: 800, BatchSize: 64, LearningRate: 1e-3).Scaled(stepsScale));
    }

    /// <summary>
    /// A plan of the same structure at test size (<see cref="DemoModelConfig.Tiny"/>, a few images per step): it keeps the
    /// training code honest in seconds and teaches nothing.
    /// </summary>
    public static TrainingPlan Tiny(int vocabularySize, int steps = 2) => new(
        DemoModelConfig.Tiny(vocabularySize),
        new StagePlan(steps, BatchSize: 8, LearningRate: 1e-3),
        new StagePlan(steps, BatchSize: 4, LearningRate: 1e-3),
        new StagePlan(steps, BatchSize: 4, LearningRate: 1e-3),
        new StagePlan(steps, BatchSize: 4, LearningRate: 1e-3),
        CheckpointEvery: steps);

    /// <summary>The plan of <paramref name="stage"/>.</summary>
    public StagePlan Of(TrainingStage stage) => stage switch
    {
        TrainingStage.Clip => Clip,
        TrainingStage.Vae => Vae,
        TrainingStage.Unet => Unet,
        TrainingStage.Scorer => Scorer,
        _ => throw new ArgumentOutOfRangeException(nameof(stage), stage, "Unknown training stage."),
    };
}
