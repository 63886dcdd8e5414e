namespace QuickFix.Training;

/// <summary>How long and how one stage trains.</summary>
/// <param name="Steps">Optimizer steps.</param>
/// <param name="BatchSize">Images per step; step <c>s</c> takes dataset items <c>[s·B, (s+1)·B)</c>.</param>
/// <param name="LearningRate">AdamW's learning rate (constant; weight decay 0.01).</param>
public sealed record StagePlan(int Steps, int BatchSize, double LearningRate)
{
    /// <summary>This plan with <paramref name="scale"/> times the steps (at least one).</summary>
    public StagePlan Scaled(double scale) => this with { Steps = Math.Max(1, (int)Math.Round(Steps * scale)) };
}
