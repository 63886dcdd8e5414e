using QuickFix.Models.Clip;
using QuickFix.Text;
using TorchSharp;
using static TorchSharp.torch;

namespace QuickFix.Editing;

/// <summary>
/// Collects DIFF-QUICKFIX's (key, value) pairs (algorithm.md §1.2–§1.4, §1.8 step 2): keys are the anchor prompt's
/// <c>out_proj</c> input at its last subject token and (with EOS) every later position; values are the original
/// layer's output for the target prompt at the aligned position. Only the blocks up to the edited one run: embeddings,
/// the blocks before it, its <c>layer_norm1</c> and its attention context; never the rest of the encoder.
/// </summary>
internal static class KeyValueCollector
{
    /// <summary>Prompts per forward: enough to batch a typical recipe in one or two passes, small enough for any width.</summary>
    private const int BatchSize = 16;

    /// <summary>The distinct token ids of every prompt the collection encodes (templated anchors and targets, preserve prompts), ascending.</summary>
    public static IReadOnlyList<int> TokensUsed(ClipTokenizer tokenizer, IReadOnlyList<ConceptEdit> edits, EditOptions options) =>
        Prompts(edits, options).SelectMany(prompt => tokenizer.EncodePadded(prompt.Text)).Distinct().Order().ToArray();

    /// <summary>Every prompt the collection encodes, with where it comes from for messages: each edit's key and value in every template, then the preserve prompts.</summary>
    public static IEnumerable<(string Text, string Origin)> Prompts(IReadOnlyList<ConceptEdit> edits, EditOptions options)
    {
        for (var e = 0; e < edits.Count; e++)
        {
            foreach (var template in options.Templates)
            {
                yield return (PromptTemplate.Apply(template, edits[e].Key), $"edit {e}'s key with the template '{template}'");
                yield return (PromptTemplate.Apply(template, edits[e].Value), $"edit {e}'s value with the template '{template}'");
            }
        }

        for (var p = 0; p < options.Preserve.Count; p++)
        {
            yield return (options.Preserve[p], $"preserve prompt {p}");
        }
    }

    /// <summary>
    /// The pairs of <paramref name="edits"/> (then of the preserve prompts), with activations from
    /// <paramref name="model"/>, which must hold float64 weights: the fixture's 1e-6 agreement on W* needs float64
    /// activations (fixture README §2, tolerance note).
    /// </summary>
    public static KeyValueSet Collect(
        ClipTextModel model,
        ClipTokenizer tokenizer,
        IReadOnlyList<ConceptEdit> edits,
        EditOptions options,
        double[] originalWeight,
        double[] originalBias,
        IProgress<EditProgress>? progress,
        CancellationToken cancellationToken)
    {
        var width = model.Architecture.HiddenSize;
        var prompts = new List<string>();
        var promptIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        int Intern(string text)
        {
            if (!promptIndex.TryGetValue(text, out var index))
            {
                index = prompts.Count;
                promptIndex.Add(text, index);
                prompts.Add(text);
            }

            return index;
        }

        var groups = new List<(int Edit, int Template, int Anchor, int Target)>();
        for (var e = 0; e < edits.Count; e++)
        {
            for (var t = 0; t < options.Templates.Count; t++)
            {
                var template = options.Templates[t];
                groups.Add((e, t, Intern(PromptTemplate.Apply(template, edits[e].Key)), Intern(PromptTemplate.Apply(template, edits[e].Value))));
            }
        }

        var preserved = options.Preserve.Select(Intern).ToArray();
        var ids = prompts.Select(tokenizer.EncodePadded).ToArray();
        var activations = Encode(model, options.Layer, ids, progress, cancellationToken);

        var pairs = new List<EditPair>();
        var keys = new List<double>();
        var values = new List<double>();
        var probes = new List<SubjectProbe>();
        var value = new double[width];
        void Add(EditPair pair, double[] keySource, double[] valueSource, bool withBias)
        {
            pairs.Add(pair);
            keys.AddRange(keySource.AsSpan(pair.KeyPosition * width, width));
            Project(originalWeight, withBias ? originalBias : null, valueSource.AsSpan(pair.ValuePosition * width, width), value);
            values.AddRange(value);
        }

        var withTargetBias = options.Targets == TargetMode.Reference;
        foreach (var (edit, template, anchor, target) in groups)
        {
            var anchorSubject = LastSubjectToken(ids[anchor], tokenizer.EndOfTextId);
            var targetSubject = LastSubjectToken(ids[target], tokenizer.EndOfTextId);
            var probeTarget = new double[width];
            Project(originalWeight, null, activations[target].AsSpan(targetSubject * width, width), probeTarget);
            probes.Add(new SubjectProbe(edit, template, prompts[anchor], prompts[target], anchorSubject, targetSubject, pairs.Count, probeTarget));

            // §1.3: key i_a + j pairs with value i_t + j, the value clamped to the last position (the notebook's padding).
            var last = options.UseEos ? ClipTokenizer.ContextLength - 1 - anchorSubject : 0;
            for (var j = 0; j <= last; j++)
            {
                var valuePosition = Math.Min(targetSubject + j, ClipTokenizer.ContextLength - 1);
                Add(new EditPair(edit, template, anchorSubject + j, valuePosition), activations[anchor], activations[target], withTargetBias);
            }
        }

        // Preservation (UCE-style): the prompt's own output is its target, from its last token through the padding
        // (or the last token alone without EOS), bias-free in both modes so that it pins W·c to W₀·c.
        for (var p = 0; p < preserved.Length; p++)
        {
            var subject = LastSubjectToken(ids[preserved[p]], tokenizer.EndOfTextId);
            var last = options.UseEos ? ClipTokenizer.ContextLength - 1 : subject;
            for (var position = subject; position <= last; position++)
            {
                Add(new EditPair(-1, p, position, position), activations[preserved[p]], activations[preserved[p]], withBias: false);
            }
        }

        return new KeyValueSet(width, pairs, [.. keys], [.. values], probes);
    }

    /// <summary>i = (index of the first <c>&lt;|endoftext|&gt;</c>) − 1: the last subject token (§1.3, <c>find_index</c>).</summary>
    internal static int LastSubjectToken(int[] ids, int endOfTextId) => Array.IndexOf(ids, endOfTextId) - 1;

    /// <summary>output = W·input (+ bias), each element a <see cref="FixedOrderMath.Dot"/>.</summary>
    private static void Project(double[] weight, double[]? bias, ReadOnlySpan<double> input, Span<double> output)
    {
        var width = input.Length;
        for (var r = 0; r < output.Length; r++)
        {
            var dot = FixedOrderMath.Dot(weight.AsSpan(r * width, width), input, width);
            output[r] = bias is null ? dot : dot + bias[r];
        }
    }

    /// <summary>The <c>out_proj</c> input of block <paramref name="layer"/> for every prompt: <c>[77, width]</c> each.</summary>
    private static double[][] Encode(ClipTextModel model, int layer, int[][] ids, IProgress<EditProgress>? progress, CancellationToken cancellationToken)
    {
        var result = new double[ids.Length][];
        var batches = (ids.Length + BatchSize - 1) / BatchSize;
        var length = ClipTokenizer.ContextLength;
        using var inference = torch.inference_mode();
        for (var b = 0; b < batches; b++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            progress?.Report(new EditProgress(EditStage.EncodingPrompts, b, batches));
            using var scope = torch.NewDisposeScope();
            var first = b * BatchSize;
            var count = Math.Min(BatchSize, ids.Length - first);
            var flat = ids.Skip(first).Take(count).SelectMany(row => row.Select(id => (long)id)).ToArray();
            var hidden = model.Embed(torch.tensor(flat, [count, length]));
            var mask = ClipTextTransformer.CausalMask(length, hidden.dtype, hidden.device);
            for (var l = 0; l < layer; l++)
            {
                hidden = model.Layers[l].Forward(hidden, mask);
            }

            var block = model.Layers[layer];
            var context = block.SelfAttention.Context(block.LayerNorm1.forward(hidden), mask).contiguous();
            var data = context.data<double>().ToArray();
            var size = length * model.Architecture.HiddenSize;
            for (var i = 0; i < count; i++)
            {
                result[first + i] = data.AsSpan(i * size, size).ToArray();
            }
        }

        progress?.Report(new EditProgress(EditStage.EncodingPrompts, batches, batches));
        return result;
    }
}
