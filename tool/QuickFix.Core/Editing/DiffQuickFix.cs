using System.Globalization;
using QuickFix.Checkpoints;
using QuickFix.Models;
using QuickFix.Models.Clip;

namespace QuickFix.Editing;

/// <summary>
/// DIFF-QUICKFIX (Basu et al., ICLR 2024; algorithm.md §1): a closed-form ridge edit of one CLIP text encoder's
/// <c>self_attn.out_proj.weight</c>, W* = (λW₀ + Σvkᵀ)(λI + Σkkᵀ)⁻¹. Statistics and solve run in float64 with a fixed
/// operation order and W* is rounded once to the checkpoint's dtype (design.md "Reproducible"). SDXL callers call
/// <see cref="Compute"/> once per selected encoder.
/// </summary>
public static class DiffQuickFix
{
    /// <summary>The module name of the weight the edit replaces in block <paramref name="layer"/>.</summary>
    public static string WeightName(int layer) =>
        string.Create(CultureInfo.InvariantCulture, $"text_model.encoder.layers.{layer}.self_attn.out_proj.weight");

    /// <summary>Computes the edit of <paramref name="encoder"/> for all <paramref name="edits"/> together (one solve).</summary>
    /// <exception cref="EditException">
    /// Bad options or a prompt over 75 tokens (QF0601), NaN or infinity in a weight the edit reads or in a result
    /// (QF0602), a singular system (QF0603), a dtype that cannot be read or written back (QF0604).
    /// </exception>
    public static EditResult Compute(
        TextEncoderComponent encoder,
        IReadOnlyList<ConceptEdit> edits,
        EditOptions options,
        IProgress<EditProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(encoder);
        ArgumentNullException.ThrowIfNull(edits);
        ArgumentNullException.ThrowIfNull(options);
        return ComputeWithParallelism(encoder, edits, options, progress, Environment.ProcessorCount, cancellationToken);
    }

    /// <summary><see cref="Compute"/> with a thread limit (tests show it changes no bit).</summary>
    internal static EditResult ComputeWithParallelism(
        TextEncoderComponent encoder,
        IReadOnlyList<ConceptEdit> edits,
        EditOptions options,
        IProgress<EditProgress>? progress,
        int maxDegreeOfParallelism,
        CancellationToken cancellationToken)
    {
        Validate(encoder, edits, options);
        var weightName = WeightName(options.Layer);
        var biasName = weightName[..^".weight".Length] + ".bias";
        var location = encoder.Weights.Locate(weightName);
        var dtype = location.Info.DType;
        if (!TensorElementCodec.CanEncode(dtype))
        {
            throw new EditException(
                EditError.UnsupportedDType,
                $"{weightName} ('{location.TensorName}') is stored as {dtype.ToName()}; the edit writes F64, F32, F16 or BF16 only.",
                location.File.Path,
                location.TensorName);
        }

        // Only the blocks up to the edited one, and only the vocabulary rows the prompts use, are read; each is
        // checked (dtype on the header before reading, values after) so that a broken tensor is named as itself.
        // Layer 0 (the paper's and the default) runs in C# without libtorch; a later layer runs the float64 torch model.
        var tokenizer = encoder.OpenTokenizer();
        EditInputs.RequirePromptsFit(encoder, tokenizer, edits, options);
        var tokens = KeyValueCollector.TokensUsed(tokenizer, edits, options);
        EditInputs.RequireFloatingPoint(encoder, EditInputs.TensorsRead(encoder, options.Layer, tokens));
        var w0 = encoder.Weights.ReadDoubles(weightName);
        var b0 = encoder.Weights.ReadDoubles(biasName);
        EditInputs.RequireFinite(encoder, weightName, w0, 0);
        EditInputs.RequireFinite(encoder, biasName, b0, 0);
        using IAttentionContexts contexts = options.Layer == 0
            ? FirstBlockAttention.Load(encoder, tokens)
            : TorchAttentionContexts.Load(encoder, options.Layer, tokens);
        var width = contexts.Width;
        if (w0.Length != width * width || b0.Length != width)
        {
            throw new WeightLoadException(
                encoder.Weights.Description, weightName, $"'{location.TensorName}' and its bias do not have the shapes [{width}, {width}] and [{width}]");
        }

        var accumulator = new StatisticsAccumulator(width, w0, b0, maxDegreeOfParallelism);
        var probes = KeyValueCollector.Stream(contexts, tokenizer, edits, options, w0, b0, accumulator.Add, maxDegreeOfParallelism, progress, cancellationToken);
        progress?.Report(new EditProgress(EditStage.Accumulating, 0, 1));
        var (m1, m2) = accumulator.Finish();
        ThrowIfNotFinite(m2, $"the {weightName} inputs (keys)", location);
        ThrowIfNotFinite(m1, $"the {weightName} outputs (values)", location);
        var pairs = accumulator.Pairs;

        cancellationToken.ThrowIfCancellationRequested();
        progress?.Report(new EditProgress(EditStage.Solving, 0, 1));
        var edited = Solve(w0, m1, m2, width, options.Lambda, pairs, weightName, location, maxDegreeOfParallelism);
        ThrowIfNotFinite(edited, $"the edited {weightName}", location);
        progress?.Report(new EditProgress(EditStage.Solving, 1, 1));

        var statistics = new EditStatistics(
            width,
            m1,
            m2,
            pairs,
            [.. Enumerable.Range(0, edits.Count).Select(e => accumulator.PairsOf(e))],
            accumulator.PairsOf(-1));
        return new EditResult(weightName, location, edited, Encode(edited, width, location), statistics, Measure(probes, width, w0, b0, edited));
    }

    /// <summary>
    /// W* = (λW₀ + M1)(λI + M2)⁻¹ as the solution of W*(λI + M2) = λW₀ + M1 (Cholesky; no inverse), all d × d
    /// row-major. Refuses a system that is not positive definite, naming the tensor.
    /// </summary>
    internal static double[] Solve(
        double[] w0, double[] m1, double[] m2, int width, double lambda, int pairs, string weightName, TensorLocation? location, int maxDegreeOfParallelism)
    {
        if (lambda == 0 && pairs < width)
        {
            throw new EditException(
                EditError.SingularSystem,
                $"λ = 0 with {pairs} (key, value) pairs for {weightName}: Σkkᵀ has rank at most {pairs}, below the width {width}, " +
                "so the system is singular; use λ > 0 or more pairs.",
                location?.File.Path,
                location?.TensorName ?? weightName);
        }

        var system = new double[m2.Length];
        var rightHandSides = new double[m1.Length];
        for (var r = 0; r < width; r++)
        {
            for (var c = 0; c < width; c++)
            {
                var i = (r * width) + c;
                system[i] = r == c ? m2[i] + lambda : m2[i];
                rightHandSides[i] = (lambda * w0[i]) + m1[i];
            }
        }

        var solver = CholeskySolver.TryFactor(system, width, out var failedPivot) ?? throw new EditException(
            EditError.SingularSystem,
            string.Create(
                CultureInfo.InvariantCulture,
                $"λI + Σkkᵀ for {weightName} is not positive definite (pivot {failedPivot} of {width} vanished; λ = {lambda}, {pairs} pairs); use a larger λ."),
            location?.File.Path,
            location?.TensorName ?? weightName);
        return solver.SolveRows(rightHandSides, width, maxDegreeOfParallelism);
    }

    private static void Validate(TextEncoderComponent encoder, IReadOnlyList<ConceptEdit> edits, EditOptions options)
    {
        string? problem = null;
        if (edits.Count == 0)
        {
            problem = "there are no edits";
        }
        else if (edits.Any(e => e is null || string.IsNullOrWhiteSpace(e.Key) || string.IsNullOrWhiteSpace(e.Value)))
        {
            problem = "every edit needs a non-empty key and value";
        }
        else if (!double.IsFinite(options.Lambda) || options.Lambda < 0)
        {
            problem = string.Create(CultureInfo.InvariantCulture, $"λ must be a finite number ≥ 0, not {options.Lambda}");
        }
        else if (options.Layer < 0 || options.Layer >= encoder.Config.NumHiddenLayers)
        {
            problem = $"layer {options.Layer} is outside the encoder's {encoder.Config.NumHiddenLayers} blocks";
        }
        else if (options.Templates is null || options.Templates.Count == 0
            || options.Templates.Any(t => t is null || !t.Contains(PromptTemplate.Placeholder, StringComparison.Ordinal)))
        {
            problem = $"at least one template is needed, each containing '{PromptTemplate.Placeholder}'";
        }
        else if (options.Preserve is null || options.Preserve.Any(string.IsNullOrWhiteSpace))
        {
            problem = "preserve prompts must be non-empty";
        }

        if (problem is not null)
        {
            throw new EditException(EditError.InvalidOptions, $"Cannot edit {encoder.Name}: {problem}.", encoder.Weights.Description);
        }
    }

    private static void ThrowIfNotFinite(double[] values, string what, TensorLocation location)
    {
        var index = Array.FindIndex(values, v => !double.IsFinite(v));
        if (index >= 0)
        {
            throw EditInputs.NonFinite(what, location, values[index], string.Create(CultureInfo.InvariantCulture, $"element {index}"));
        }
    }

    /// <summary>Rounds W* once to the stored dtype, in the stored orientation and row block.</summary>
    private static byte[] Encode(double[] edited, int width, TensorLocation location)
    {
        var stored = edited;
        if (location.Transposed)
        {
            stored = new double[edited.Length];
            for (var r = 0; r < width; r++)
            {
                for (var c = 0; c < width; c++)
                {
                    stored[(c * width) + r] = edited[(r * width) + c];
                }
            }
        }

        var bytes = new byte[stored.Length * (location.Info.DType.BitSize() / 8)];
        TensorElementCodec.Encode(stored, location.Info.DType, bytes);
        return bytes;
    }

    private static EditMetrics Measure(IReadOnlyList<SubjectProbe> probes, int width, double[] w0, double[] b0, double[] edited)
    {
        double change = 0, original = 0;
        for (var i = 0; i < w0.Length; i++)
        {
            var delta = edited[i] - w0[i];
            change += delta * delta;
            original += w0[i] * w0[i];
        }

        var before = new double[width];
        var after = new double[width];
        var errors = probes.Select(probe =>
        {
            for (var r = 0; r < width; r++)
            {
                before[r] = FixedOrderMath.Dot(w0.AsSpan(r * width, width), probe.Key, width);
                after[r] = FixedOrderMath.Dot(edited.AsSpan(r * width, width), probe.Key, width);
            }

            var beforeError = FixedOrderMath.RelativeDistance(before, probe.Target);
            var afterError = FixedOrderMath.RelativeDistance(after, probe.Value);
            var output = after.Zip(b0, (x, b) => x + b).ToArray();
            var targetOutput = probe.Target.Zip(b0, (x, b) => x + b).ToArray();
            return new SubjectTokenError(
                probe.Edit,
                probe.Template,
                probe.AnchorPrompt,
                probe.TargetPrompt,
                probe.AnchorPosition,
                probe.TargetPosition,
                beforeError,
                afterError,
                FixedOrderMath.RelativeDistance(output, targetOutput));
        }).ToList();
        return new EditMetrics(Math.Sqrt(change) / Math.Sqrt(original), errors);
    }
}
