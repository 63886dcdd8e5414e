namespace QuickFix.Editing;

/// <summary>Sanity measures of an edit.</summary>
/// <param name="RelativeChange">‖W* − W₀‖_F / ‖W₀‖_F.</param>
/// <param name="SubjectTokens">One entry per (edit, template), edits in order, templates in order.</param>
public sealed record EditMetrics(double RelativeChange, IReadOnlyList<SubjectTokenError> SubjectTokens);
