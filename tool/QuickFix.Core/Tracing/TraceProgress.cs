namespace QuickFix.Tracing;

/// <summary>How far a trace is: <paramref name="Completed"/> of <paramref name="Total"/> steps (clean and corrupted runs, then one step per layer).</summary>
/// <param name="Completed">Steps done.</param>
/// <param name="Total">Steps in all.</param>
public sealed record TraceProgress(int Completed, int Total);
