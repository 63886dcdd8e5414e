namespace QuickFix.Checkpoints.Layouts;

/// <summary>One schedule buffer of a single-file checkpoint and its values (float64; writers round to the file's dtype).</summary>
/// <param name="Name">The state_dict key (root level, e.g. <c>alphas_cumprod</c>).</param>
/// <param name="Values">One value per training timestep.</param>
public sealed record ScheduleBuffer(string Name, IReadOnlyList<double> Values);
