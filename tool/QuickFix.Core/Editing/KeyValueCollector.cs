using QuickFix.Text;

namespace QuickFix.Editing;

/// <summary>
/// Collects DIFF-QUICKFIX's (key, value) pairs (algorithm.md §1.2–§1.4, §1.8 step 2): keys are the anchor prompt's
/// <c>out_proj</c> input at its last subject token and (with EOS) every later position; values are the original
/// layer's output for the target prompt at the aligned position. Pairs stream out in chunks of a few thousand, in
/// pair order (edits, templates, positions, then the preserve prompts), so memory stays bounded for any recipe.
/// </summary>
internal static class KeyValueCollector
{
    /// <summary>Pairs per chunk: 4,096 keys of width 768 are 25 MB.</summary>
    private const int ChunkPairs = 4096;

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
    /// Streams the pairs of <paramref name="edits"/> (then of the preserve prompts) to <paramref name="sink"/>, with
    /// activations from <paramref name="source"/> (float64: the fixture's 1e-6 agreement on W* needs float64
    /// activations, fixture README §2), and returns one probe per (edit, template).
    /// </summary>
    public static IReadOnlyList<SubjectProbe> Stream(
        IAttentionContexts source,
        ClipTokenizer tokenizer,
        IReadOnlyList<ConceptEdit> edits,
        EditOptions options,
        double[] originalWeight,
        double[] originalBias,
        Action<PairChunk> sink,
        int maxDegreeOfParallelism,
        IProgress<EditProgress>? progress,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(sink);
        var width = source.Width;
        var length = ClipTokenizer.ContextLength;
        var withTargetBias = options.Targets == TargetMode.Reference;

        // A unit is one (edit, template) group (anchor and target prompts) or one preserve prompt.
        var units = new List<Unit>();
        for (var e = 0; e < edits.Count; e++)
        {
            for (var t = 0; t < options.Templates.Count; t++)
            {
                var template = options.Templates[t];
                units.Add(new Unit(e, t, PromptTemplate.Apply(template, edits[e].Key), PromptTemplate.Apply(template, edits[e].Value)));
            }
        }

        units.AddRange(options.Preserve.Select((prompt, p) => new Unit(-1, p, prompt, null)));

        var probeInputs = new List<double[]>();
        var probes = new List<(Unit Unit, int AnchorSubject, int TargetSubject, int Pair, double[] Key)>();
        var pairIndex = 0;
        var next = 0;
        while (next < units.Count)
        {
            cancellationToken.ThrowIfCancellationRequested();
            progress?.Report(new EditProgress(EditStage.EncodingPrompts, next, units.Count));

            // Take units until the chunk holds about ChunkPairs pairs.
            var batch = new List<Unit>();
            var texts = new Dictionary<string, int>(StringComparer.Ordinal);
            var ids = new List<int[]>();
            var firstPositions = new List<int>();
            int Intern(string text, out int subject)
            {
                if (!texts.TryGetValue(text, out var index))
                {
                    index = ids.Count;
                    texts.Add(text, index);
                    ids.Add(tokenizer.EncodePadded(text));
                    firstPositions.Add(length);
                }

                subject = LastSubjectToken(ids[index], tokenizer.EndOfTextId);
                firstPositions[index] = Math.Min(firstPositions[index], subject);
                return index;
            }

            var planned = 0;
            var plans = new List<(Unit Unit, int Anchor, int AnchorSubject, int Target, int TargetSubject)>();
            while (next < units.Count && (planned < ChunkPairs || plans.Count == 0))
            {
                var unit = units[next++];
                var anchor = Intern(unit.Anchor, out var anchorSubject);
                var target = unit.Target is null ? anchor : Intern(unit.Target, out _);
                var targetSubject = unit.Target is null ? anchorSubject : LastSubjectToken(ids[target], tokenizer.EndOfTextId);
                plans.Add((unit, anchor, anchorSubject, target, targetSubject));
                planned += options.UseEos ? length - anchorSubject : 1;
            }

            var contexts = source.Contexts(ids, firstPositions, maxDegreeOfParallelism, cancellationToken);
            var chunkPairs = new List<EditPair>(planned);
            var keys = new double[planned * width];
            var valueRows = new Dictionary<(int Prompt, int Position, bool Biased), int>();
            var valueInputs = new List<double>();
            var biased = new List<bool>();
            var valueSources = new List<(string Prompt, int Position)>();
            var promptTexts = texts.OrderBy(pair => pair.Value).Select(pair => pair.Key).ToArray();
            var valueRowOfPair = new List<int>(planned);
            void Add(EditPair pair, int anchor, int target, bool withBias)
            {
                contexts[anchor].AsSpan(pair.KeyPosition * width, width).CopyTo(keys.AsSpan(chunkPairs.Count * width, width));
                if (!valueRows.TryGetValue((target, pair.ValuePosition, withBias), out var row))
                {
                    row = biased.Count;
                    valueRows.Add((target, pair.ValuePosition, withBias), row);
                    valueInputs.AddRange(contexts[target].AsSpan(pair.ValuePosition * width, width));
                    biased.Add(withBias);
                    valueSources.Add((promptTexts[target], pair.ValuePosition));
                }

                chunkPairs.Add(pair);
                valueRowOfPair.Add(row);
            }

            foreach (var (unit, anchor, anchorSubject, target, targetSubject) in plans)
            {
                if (unit.Edit >= 0)
                {
                    probes.Add((unit, anchorSubject, targetSubject, pairIndex + chunkPairs.Count, contexts[anchor].AsSpan(anchorSubject * width, width).ToArray()));
                    probeInputs.Add(contexts[target].AsSpan(targetSubject * width, width).ToArray());

                    // §1.3: key i_a + j pairs with value i_t + j, the value clamped to the last position (the notebook's padding).
                    var last = options.UseEos ? length - 1 - anchorSubject : 0;
                    for (var j = 0; j <= last; j++)
                    {
                        var valuePosition = Math.Min(targetSubject + j, length - 1);
                        Add(new EditPair(unit.Edit, unit.Template, anchorSubject + j, valuePosition), anchor, target, withTargetBias);
                    }
                }
                else
                {
                    // Preservation (UCE-style): the prompt's own output is its target, from its last token through the
                    // padding (or the last token alone without EOS), bias-free in both modes so that it pins W·c to W₀·c.
                    var last = options.UseEos ? length - 1 : anchorSubject;
                    for (var position = anchorSubject; position <= last; position++)
                    {
                        Add(new EditPair(-1, unit.Template, position, position), anchor, anchor, withBias: false);
                    }
                }
            }

            sink(new PairChunk(chunkPairs, keys.AsSpan(0, chunkPairs.Count * width).ToArray(), [.. valueInputs], [.. valueRowOfPair], [.. biased], valueSources));
            pairIndex += chunkPairs.Count;
        }

        progress?.Report(new EditProgress(EditStage.EncodingPrompts, units.Count, units.Count));
        var targets = ProjectRows(originalWeight, originalBias, [.. probeInputs.SelectMany(x => x)], new bool[probeInputs.Count], width, maxDegreeOfParallelism);
        return probes.Select((probe, i) =>
        {
            var target = targets.AsSpan(i * width, width).ToArray();
            var value = withTargetBias ? target.Zip(originalBias, (x, b) => x + b).ToArray() : target;
            return new SubjectProbe(
                probe.Unit.Edit, probe.Unit.Template, probe.Unit.Anchor, probe.Unit.Target!, probe.AnchorSubject, probe.TargetSubject, probe.Pair, probe.Key, value, target);
        }).ToArray();
    }

    /// <summary>Every pair and its key and value in memory (for the fixture tests and small recipes).</summary>
    public static KeyValueSet Collect(
        IAttentionContexts source,
        ClipTokenizer tokenizer,
        IReadOnlyList<ConceptEdit> edits,
        EditOptions options,
        double[] originalWeight,
        double[] originalBias,
        int maxDegreeOfParallelism,
        IProgress<EditProgress>? progress,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        var width = source.Width;
        var pairs = new List<EditPair>();
        var keys = new List<double>();
        var values = new List<double>();
        var probes = Stream(source, tokenizer, edits, options, originalWeight, originalBias, chunk =>
        {
            pairs.AddRange(chunk.Pairs);
            keys.AddRange(chunk.Keys);
            var rowValues = ProjectRows(originalWeight, originalBias, chunk.ValueInputs, chunk.Biased, width, maxDegreeOfParallelism);
            foreach (var row in chunk.ValueRowOfPair)
            {
                values.AddRange(rowValues.AsSpan(row * width, width));
            }
        }, maxDegreeOfParallelism, progress, cancellationToken);
        return new KeyValueSet(width, pairs, [.. keys], [.. values], probes);
    }

    /// <summary>i = (index of the first <c>&lt;|endoftext|&gt;</c>) − 1: the last subject token (§1.3, <c>find_index</c>).</summary>
    internal static int LastSubjectToken(int[] ids, int endOfTextId) => Array.IndexOf(ids, endOfTextId) - 1;

    /// <summary>Row p of the result is W·inputs[p] (+ bias where <paramref name="biased"/>[p]), by <see cref="FixedOrderMath.Project"/>.</summary>
    internal static double[] ProjectRows(double[] weight, double[] bias, double[] inputs, bool[] biased, int width, int maxDegreeOfParallelism)
    {
        var outputs = FixedOrderMath.Project(weight, inputs, biased.Length, width, new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism });
        for (var p = 0; p < biased.Length; p++)
        {
            if (biased[p])
            {
                for (var r = 0; r < width; r++)
                {
                    outputs[(p * width) + r] += bias[r];
                }
            }
        }

        return outputs;
    }

    /// <summary>An (edit, template) group, or a preserve prompt (<see cref="Edit"/> −1, <see cref="Target"/> null).</summary>
    private sealed record Unit(int Edit, int Template, string Anchor, string? Target);
}
