namespace QuickFix.Editing;

/// <summary>Progress of <see cref="DiffQuickFix.Compute"/>: <paramref name="Completed"/> of <paramref name="Total"/> steps of <paramref name="Stage"/>.</summary>
/// <param name="Stage">The current step.</param>
/// <param name="Completed">Units done in that step (prompt batches while encoding; 0 or 1 otherwise).</param>
/// <param name="Total">Units in that step.</param>
public sealed record EditProgress(EditStage Stage, int Completed, int Total);
