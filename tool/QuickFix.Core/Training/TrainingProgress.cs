namespace QuickFix.Training;

/// <summary>Reported after every training step.</summary>
/// <param name="Stage">The stage.</param>
/// <param name="Step">Steps done in this stage (1-based after the step).</param>
/// <param name="Steps">The stage's total steps.</param>
/// <param name="Loss">This step's loss.</param>
/// <param name="Saved">Whether the state was saved after this step.</param>
/// <param name="StepSeconds">Wall-clock seconds of this step (loading its batch, forward, backward, optimizer; saving excluded).</param>
public sealed record TrainingProgress(TrainingStage Stage, int Step, int Steps, double Loss, bool Saved, double StepSeconds);
