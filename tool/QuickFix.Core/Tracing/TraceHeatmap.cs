using System.Globalization;
using QuickFix.Imaging;

namespace QuickFix.Tracing;

/// <summary><c>trace.png</c>: a report's mean effects, one row per layer and one column per <see cref="TraceComponent"/>.</summary>
public static class TraceHeatmap
{
    /// <summary>The report as a heatmap: title naming model, prompt and subject; undefined effects drawn grey, the
    /// largest self-attention or MLP effect outlined.</summary>
    public static Heatmap Of(TraceReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var components = Enum.GetValues<TraceComponent>();
        return new Heatmap(
            [
                $"MODEL: {report.Model}",
                $"PROMPT: \"{report.Prompt}\"",
                string.Create(CultureInfo.InvariantCulture, $"SUBJECT: \"{report.Subject}\" (TOKENS {report.Span.First}-{report.Span.Last}), {report.Settings.Samples} SAMPLES, NOISE {report.Settings.NoiseMultiplier:0.###} SIGMA"),
                report.EffectsUndefined ? "EFFECTS UNDEFINED: THE NOISE DID NOT CHANGE THE CONDITIONING" : $"VERDICT: {report.Verdict.Reason}",
            ],
            [.. Enumerable.Range(0, report.Layers).Select(l => string.Create(CultureInfo.InvariantCulture, $"L{l}"))],
            [.. components.Select(Label)],
            [.. Enumerable.Range(0, report.Layers).Select(l => (IReadOnlyList<double?>)[.. components.Select(c => report[l, c].Effect)])],
            "EFFECT",
            report.Verdict.BestEffect is null ? null : (report.Verdict.BestLayer, (int)report.Verdict.BestComponent));
    }

    /// <summary>Renders the heatmap and writes it as PNG to <paramref name="path"/>; returns the bytes written.</summary>
    public static byte[] Write(string path, TraceReport report) => PngWriter.Write(path, HeatmapRenderer.Render(Of(report)));

    private static string Label(TraceComponent component) => component switch
    {
        TraceComponent.ResidualStream => "RESIDUAL",
        TraceComponent.SelfAttention => "ATTENTION",
        _ => "MLP",
    };
}
