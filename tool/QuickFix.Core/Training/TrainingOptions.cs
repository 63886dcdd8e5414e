namespace QuickFix.Training;

/// <summary>What <see cref="DemoTrainer.Train"/> does.</summary>
/// <param name="OutputDirectory">
/// The run's folder: <c>tokenizer/</c> (the demo vocabulary), <c>state/&lt;stage&gt;/</c> (checkpoints), and once every
/// stage has finished <c>model/</c> (the diffusers folder) and <c>training.json</c> (the manifest).
/// </param>
/// <param name="Plan">The recipe.</param>
/// <param name="Stages">The stages to run (each runs after the ones before it in <see cref="TrainingStage"/> order).</param>
/// <param name="Resume">Continue each stage from its saved state; otherwise stages start from their initial weights.</param>
public sealed record TrainingOptions(string OutputDirectory, TrainingPlan Plan, IReadOnlyList<TrainingStage> Stages, bool Resume = false);
