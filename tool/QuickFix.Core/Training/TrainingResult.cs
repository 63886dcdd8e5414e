namespace QuickFix.Training;

/// <summary>What a training run left behind.</summary>
/// <param name="OutputDirectory">The run's folder.</param>
/// <param name="Stages">The state of every stage that has one.</param>
/// <param name="ModelDirectory">The diffusers folder, written when every stage has finished; else null.</param>
/// <param name="ScorerDirectory">The concept scorer's folder, written with the model; else null.</param>
/// <param name="ManifestPath">The training manifest beside it; else null.</param>
public sealed record TrainingResult(string OutputDirectory, IReadOnlyList<StageState> Stages, string? ModelDirectory, string? ScorerDirectory, string? ManifestPath);
