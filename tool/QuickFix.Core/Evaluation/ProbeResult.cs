namespace QuickFix.Evaluation;

/// <summary>How often a probe's images show its concept, before and after the edit.</summary>
/// <param name="Probe">The probe.</param>
/// <param name="Before">The share of the base model's images the scorer labels <see cref="ConceptProbe.Expected"/>.</param>
/// <param name="After">The same share for the edited model; null without one.</param>
/// <param name="BeforeEditedInto">The share of base images labelled <see cref="ConceptProbe.EditedInto"/>; null when the probe has none.</param>
/// <param name="AfterEditedInto">The share of edited images labelled <see cref="ConceptProbe.EditedInto"/>; null when the probe has none or no edited model.</param>
/// <param name="BeforeScores">The scorer's reading of each base image.</param>
/// <param name="AfterScores">The scorer's reading of each edited image; empty without an edited model.</param>
public sealed record ProbeResult(
    ConceptProbe Probe,
    double Before,
    double? After,
    double? BeforeEditedInto,
    double? AfterEditedInto,
    IReadOnlyList<ConceptScores> BeforeScores,
    IReadOnlyList<ConceptScores> AfterScores);
