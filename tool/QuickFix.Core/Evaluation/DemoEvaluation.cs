using QuickFix.Imaging;
using QuickFix.Sampling;

namespace QuickFix.Evaluation;

/// <summary>
/// Measures in image space whether a demo model draws a concept, as the paper measured edits with CLIP-score: every
/// probe's prompts are generated with the same seeds by the base model and by the edited one, and the concept scorer
/// reads each image. An edit works when the edited concept's presence rate falls (or its replacement's rises) while the
/// neighbours' rates stay.
/// </summary>
public static class DemoEvaluation
{
    /// <summary>Evaluates <paramref name="probes"/> on <paramref name="baseModel"/> and, if given, <paramref name="editedModel"/>.</summary>
    /// <param name="baseModel">The model before the edit.</param>
    /// <param name="editedModel">The model after it, or null to measure the base alone.</param>
    /// <param name="scorer">The demo concept scorer.</param>
    /// <param name="probes">What to measure (<see cref="DemoProbes.Create"/>).</param>
    /// <param name="options">How to sample.</param>
    /// <param name="progress">Told the probe index after each probe.</param>
    /// <param name="cancellationToken">Checked between sampling steps.</param>
    public static EvaluationReport Run(
        TextToImagePipeline baseModel,
        TextToImagePipeline? editedModel,
        ConceptScorer scorer,
        IReadOnlyList<ConceptProbe> probes,
        EvaluationOptions options,
        IProgress<int>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(baseModel);
        ArgumentNullException.ThrowIfNull(scorer);
        ArgumentNullException.ThrowIfNull(probes);
        ArgumentNullException.ThrowIfNull(options);
        var results = new List<ProbeResult>(probes.Count);
        for (var i = 0; i < probes.Count; i++)
        {
            var probe = probes[i];
            var before = scorer.Score(Generate(baseModel, probe, options, cancellationToken));
            var after = editedModel is null ? [] : scorer.Score(Generate(editedModel, probe, options, cancellationToken));
            results.Add(new ProbeResult(
                probe,
                Rate(before, probe.Head, probe.Expected),
                editedModel is null ? null : Rate(after, probe.Head, probe.Expected),
                probe.EditedInto is { } into ? Rate(before, probe.Head, into) : null,
                probe.EditedInto is { } target && editedModel is not null ? Rate(after, probe.Head, target) : null,
                before,
                after));
            progress?.Report(i + 1);
        }

        var chance = ConceptLabels.Heads.ToDictionary(ConceptLabels.Name, head => 1.0 / ConceptLabels.Of(head).Count, StringComparer.Ordinal);
        return new EvaluationReport(options, results, chance);
    }

    /// <summary>
    /// The README's picture: for each edited concept, its first <paramref name="rows"/> prompts before and after the
    /// edit, enlarged <paramref name="enlarge"/> times, one grid per edit stacked top to bottom.
    /// </summary>
    public static RgbImage Grid(TextToImagePipeline baseModel, TextToImagePipeline editedModel, IReadOnlyList<ConceptProbe> probes, EvaluationOptions options,
        int rows = 3, int enlarge = 4, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(probes);
        var grids = new List<RgbImage>();
        foreach (var probe in probes.Where(p => p.IsEdited))
        {
            var shown = probe with { Prompts = [.. probe.Prompts.Take(rows)] };
            var before = Generate(baseModel, shown, options, cancellationToken);
            var after = Generate(editedModel, shown, options, cancellationToken);
            grids.Add(BeforeAfterGrid.Render(
                probe.Edit,
                [.. before.Select((image, i) => new BeforeAfterRow(shown.Prompts[i], image.Enlarged(enlarge), after[i].Enlarged(enlarge)))]));
        }

        var picture = new RgbImage(grids.Max(g => g.Width), grids.Sum(g => g.Height), Rgb.White);
        var top = 0;
        foreach (var grid in grids)
        {
            picture.DrawImage(grid, 0, top);
            top += grid.Height;
        }

        return picture;
    }

    private static RgbImage[] Generate(TextToImagePipeline model, ConceptProbe probe, EvaluationOptions options, CancellationToken cancellationToken)
    {
        var request = new GenerationRequest(probe.Prompts)
        {
            Seed = options.Seed,
            Steps = options.Steps,
            GuidanceScale = options.Guidance,
            Scheduler = options.Scheduler,
        };
        return [.. model.Generate(request, null, cancellationToken).Images.Select(image => image.Image)];
    }

    private static double Rate(IReadOnlyList<ConceptScores> scores, ConceptHead head, string label) =>
        scores.Count == 0 ? 0 : (double)scores.Count(s => s.Label(head) == label) / scores.Count;
}
