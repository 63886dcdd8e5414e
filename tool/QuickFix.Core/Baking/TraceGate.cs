using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using QuickFix.Checkpoints;
using QuickFix.Checkpoints.Manifests;
using QuickFix.Editing;
using QuickFix.Recipes;
using QuickFix.Runtime;
using QuickFix.Tracing;

namespace QuickFix.Baking;

/// <summary>
/// The gate in front of the edit (issue "causal tracing", design.md step 2): before editing, each edit's key caption
/// is traced through every edited text encoder, and the edited component (self-attention of <c>method.layer</c>) must
/// be where the subject lives. <c>require</c> stops the bake (exit 1) when it is not; <c>warn</c> reports and goes on.
/// </summary>
/// <remarks>
/// The traced caption is the key in the recipe's first template other than the bare <c>{}</c> ("A photo of Van Gogh"),
/// so the subject sits in a sentence as the paper traced it; the key alone when there is no such template. Reports are
/// cached by (SHA-256 of the encoder's weights file, encoder, caption, subject, settings): an unchanged build does not
/// trace again.
/// </remarks>
internal static class TraceGate
{
    public static ManifestTrace Run(
        Recipe recipe,
        IReadOnlyList<TextEncoderComponent> encoders,
        FileHashCache hashCache,
        List<string> warnings,
        IProgress<BakeProgress>? progress,
        CancellationToken cancellationToken)
    {
        var settings = TraceSettings.Default with { VerdictLayer = recipe.Method.Layer };
        var template = recipe.Method.Templates.FirstOrDefault(t => t.Trim() != PromptTemplate.Placeholder) ?? PromptTemplate.Placeholder;
        var entries = new List<ManifestTraceEntry>();
        var failures = new StringBuilder();
        foreach (var encoder in encoders)
        {
            var weights = encoder.Weights.Locate(DiffQuickFix.WeightName(recipe.Method.Layer)).File;
            var weightsHash = hashCache.Get(weights.Path, weights.DataOffset, cancellationToken).Sha256;
            foreach (var edit in recipe.Edits)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var prompt = PromptTemplate.Apply(template, edit.Key);
                progress?.Report(new BakeProgress(BakeStage.Tracing, $"{encoder.Name}: \"{edit.Key}\" in \"{prompt}\""));
                var report = Cached(weightsHash, encoder, prompt, edit.Key, settings, cancellationToken);
                var verdict = report.Verdict;
                entries.Add(new ManifestTraceEntry(
                    encoder.Index, prompt, edit.Key, verdict.Layer, verdict.Confirmed, verdict.Effect, verdict.Rank,
                    verdict.BestLayer, verdict.BestComponent.ToString(), verdict.BestEffect, verdict.Reason));
                if (!verdict.Confirmed)
                {
                    failures.Append(CultureInfo.InvariantCulture, $"\n  {encoder.Name}, \"{prompt}\" / \"{edit.Key}\": {verdict.Reason}");
                }
            }
        }

        var confirmed = failures.Length == 0;
        if (!confirmed)
        {
            var message = $"trace: the edited component (layer {recipe.Method.Layer} self-attention) is not where the subject lives:{failures}";
            if (recipe.Trace.Mode == TraceMode.Require)
            {
                var place = recipe.Locate("trace.mode");
                throw new BakeException("QF1005", message + "\n  (trace.mode: require; use warn to bake anyway)", recipe.FilePath, place.Line, place.Column, isInputError: false);
            }

            warnings.Add(message);
        }

        return new ManifestTrace(recipe.Trace.Mode.ToString().ToLowerInvariant(), confirmed, entries);
    }

    private static TraceReport Cached(
        string weightsHash, TextEncoderComponent encoder, string prompt, string subject, TraceSettings settings, CancellationToken cancellationToken)
    {
        var key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join(
            "\n", weightsHash, encoder.Index.ToString(CultureInfo.InvariantCulture), prompt, subject, System.Text.Json.JsonSerializer.Serialize(settings)))));
        var path = Path.Combine(CacheDirectory.Folder("traces"), key + ".json");
        if (File.Exists(path))
        {
            try
            {
                return TraceReportJson.Deserialize(File.ReadAllText(path));
            }
            catch (System.Text.Json.JsonException)
            {
                // A damaged cache entry is recomputed and rewritten.
            }
        }

        var report = CausalTracer.Trace(encoder, prompt, subject, settings, null, cancellationToken);
        TraceReportJson.Write(path, report);
        return report;
    }
}
