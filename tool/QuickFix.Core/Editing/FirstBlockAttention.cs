using System.Globalization;
using QuickFix.Checkpoints;
using QuickFix.Models;

namespace QuickFix.Editing;

/// <summary>
/// The <c>out_proj</c> input of a CLIP text encoder's first block (layer 0, the layer DIFF-QUICKFIX edits), in
/// float64, computed in C# from the stored weights, without libtorch.
/// <para>
/// In the first block nothing has mixed positions yet: a position's query, key and value depend only on its token id
/// and its index (token + position embedding → <c>layer_norm1</c> → q/k/v projection). So each (token, position) row
/// is projected once and shared by every prompt holding it: the padding after the end token and a template's own
/// words are the same rows in every prompt. Only the causal attention is computed per prompt. This keeps a recipe of
/// thousands of prompts linear and cheap, and keeps libtorch's start-up (≈0.5 s) out of <c>apply</c>.
/// </para>
/// <para>
/// The arithmetic is <see cref="FixedOrderMath"/>'s (multiply then add, fixed order), so the keys, like the
/// statistics and the solve, do not depend on the CPU's BLAS or the thread count.
/// </para>
/// </summary>
internal sealed class FirstBlockAttention : IAttentionContexts
{
    /// <summary>Cached (token, position) rows beyond which the cache is emptied (each row holds 3·d doubles).</summary>
    private const int CacheLimit = 8192;

    private const string TokenEmbedding = "text_model.embeddings.token_embedding.weight";
    private const string PositionEmbedding = "text_model.embeddings.position_embedding.weight";
    private const string Block = "text_model.encoder.layers.0.";
    private static readonly string[] Projections = ["q_proj", "k_proj", "v_proj"];

    private readonly int width;
    private readonly int heads;
    private readonly int length;
    private readonly double epsilon;
    private readonly IReadOnlyDictionary<int, int> tokenRow;
    private readonly double[] tokenEmbeddings;
    private readonly double[] positionEmbeddings;
    private readonly double[] normWeight;
    private readonly double[] normBias;
    private readonly double[][] projectionWeights; // q, k, v: [d, d] each
    private readonly double[][] projectionBiases;
    private readonly Dictionary<long, double[]> rows = [];

    private FirstBlockAttention(
        int width,
        int heads,
        int length,
        double epsilon,
        IReadOnlyDictionary<int, int> tokenRow,
        double[] tokenEmbeddings,
        double[] positionEmbeddings,
        double[] normWeight,
        double[] normBias,
        double[][] projectionWeights,
        double[][] projectionBiases)
    {
        this.width = width;
        this.heads = heads;
        this.length = length;
        this.epsilon = epsilon;
        this.tokenRow = tokenRow;
        this.tokenEmbeddings = tokenEmbeddings;
        this.positionEmbeddings = positionEmbeddings;
        this.normWeight = normWeight;
        this.normBias = normBias;
        this.projectionWeights = projectionWeights;
        this.projectionBiases = projectionBiases;
    }

    /// <summary>The module names of every tensor <see cref="Load"/> reads.</summary>
    public static IReadOnlyList<string> TensorNames { get; } =
    [
        TokenEmbedding,
        PositionEmbedding,
        Block + "layer_norm1.weight",
        Block + "layer_norm1.bias",
        .. Projections.SelectMany(p => new[] { $"{Block}self_attn.{p}.weight", $"{Block}self_attn.{p}.bias" }),
    ];

    /// <inheritdoc/>
    public int Width => width;

    /// <summary>
    /// Reads the first block's embeddings (only the rows of <paramref name="tokens"/>), <c>layer_norm1</c> and q/k/v
    /// projections of <paramref name="encoder"/>, checking every shape.
    /// </summary>
    /// <exception cref="WeightLoadException">A tensor is missing or mis-shaped (QF0401).</exception>
    /// <exception cref="EditException">A tensor holds NaN or infinity (QF0602).</exception>
    public static FirstBlockAttention Load(TextEncoderComponent encoder, IReadOnlyList<int> tokens)
    {
        ArgumentNullException.ThrowIfNull(encoder);
        ArgumentNullException.ThrowIfNull(tokens);
        var config = encoder.Config;
        var weights = encoder.Weights;
        var d = config.HiddenSize;
        if (d % config.NumAttentionHeads != 0)
        {
            throw new WeightLoadException(weights.Description, "text_model.encoder.layers.0.self_attn", $"width {d} is not a multiple of {config.NumAttentionHeads} heads");
        }

        double[] Read(string name, params long[] shape)
        {
            if (!weights.Contains(name))
            {
                throw new WeightLoadException(weights.Description, name, $"the checkpoint has no tensor for '{name}'");
            }

            var stored = weights.ShapeOf(name);
            if (!stored.SequenceEqual(shape))
            {
                throw new WeightLoadException(
                    weights.Description, name, $"'{name}' has shape [{string.Join(", ", stored)}], expected [{string.Join(", ", shape)}]");
            }

            var values = weights.ReadDoubles(name);
            EditInputs.RequireFinite(encoder, name, values, d);
            return values;
        }

        var vocabulary = weights.Contains(TokenEmbedding) ? weights.ShapeOf(TokenEmbedding) : [];
        if (vocabulary.Count != 2 || vocabulary[1] != d)
        {
            throw new WeightLoadException(weights.Description, TokenEmbedding, $"'{TokenEmbedding}' is missing or not [vocabulary, {d}]");
        }

        var length = config.MaxPositionEmbeddings;
        var tokenEmbeddings = weights.ReadRowsAsDoubles(TokenEmbedding, tokens);
        EditInputs.RequireFinite(encoder, TokenEmbedding, tokenEmbeddings, d, tokens);
        return new FirstBlockAttention(
            d,
            config.NumAttentionHeads,
            length,
            config.LayerNormEps,
            tokens.Select((token, row) => (token, row)).ToDictionary(pair => pair.token, pair => pair.row),
            tokenEmbeddings,
            Read(PositionEmbedding, length, d),
            Read(Block + "layer_norm1.weight", d),
            Read(Block + "layer_norm1.bias", d),
            [.. Projections.Select(p => Read($"{Block}self_attn.{p}.weight", d, d))],
            [.. Projections.Select(p => Read($"{Block}self_attn.{p}.bias", d))]);
    }

    /// <inheritdoc/>
    public double[][] Contexts(IReadOnlyList<int[]> prompts, IReadOnlyList<int> firstPositions, int maxDegreeOfParallelism, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(prompts);
        ArgumentNullException.ThrowIfNull(firstPositions);
        if (rows.Count > CacheLimit)
        {
            rows.Clear();
        }

        // Project the rows no earlier prompt had: each weight row read once for all of them, rows spread over threads.
        var missing = prompts
            .SelectMany(ids => ids.Select((token, position) => Key(token, position)))
            .Distinct()
            .Where(key => !rows.ContainsKey(key))
            .ToArray();
        var options = new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism, CancellationToken = cancellationToken };
        var projected = Project([.. missing.Select(Normalized)], options);
        for (var i = 0; i < missing.Length; i++)
        {
            rows.Add(missing[i], projected[i]);
        }

        var contexts = new double[prompts.Count][];
        Parallel.For(0, prompts.Count, options, p =>
        {
            if (prompts[p].Length != length)
            {
                throw new ArgumentException($"Prompt {p} has {prompts[p].Length} ids, expected {length}.", nameof(prompts));
            }

            contexts[p] = Attend([.. prompts[p].Select((token, position) => rows[Key(token, position)])], firstPositions[p]);
        });
        return contexts;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        // Managed arrays only.
    }

    private long Key(int token, int position)
    {
        if (!tokenRow.ContainsKey(token))
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Token id {token} was not among the embedding rows read."));
        }

        return ((long)token * length) + position;
    }

    /// <summary><c>layer_norm1</c>(token embedding + position embedding) of one (token, position) row.</summary>
    private double[] Normalized(long key)
    {
        var (token, position) = ((int)(key / length), (int)(key % length));
        var embedding = tokenEmbeddings.AsSpan(tokenRow[token] * width, width);
        var place = positionEmbeddings.AsSpan(position * width, width);
        var hidden = new double[width];
        var mean = 0.0;
        for (var i = 0; i < width; i++)
        {
            hidden[i] = embedding[i] + place[i];
            mean += hidden[i];
        }

        mean /= width;
        var variance = 0.0;
        for (var i = 0; i < width; i++)
        {
            var centred = hidden[i] - mean;
            variance += centred * centred;
        }

        var scale = 1.0 / Math.Sqrt((variance / width) + epsilon);
        for (var i = 0; i < width; i++)
        {
            hidden[i] = ((hidden[i] - mean) * scale * normWeight[i]) + normBias[i];
        }

        return hidden;
    }

    /// <summary>
    /// [q·headDim^-½ | k | v] (3·d) of each normalized row: <see cref="FixedOrderMath.Project"/> per projection, then
    /// the bias (and for q the scale), so neither grouping nor threads change a bit.
    /// </summary>
    private double[][] Project(double[][] inputs, ParallelOptions options)
    {
        var scale = Math.Pow(width / heads, -0.5);
        var outputs = inputs.Select(_ => new double[3 * width]).ToArray();
        var flat = inputs.SelectMany(x => x).ToArray();
        for (var projection = 0; projection < 3; projection++)
        {
            var products = FixedOrderMath.Project(projectionWeights[projection], flat, inputs.Length, width, options);
            var bias = projectionBiases[projection];
            for (var i = 0; i < inputs.Length; i++)
            {
                for (var r = 0; r < width; r++)
                {
                    var value = products[(i * width) + r] + bias[r];
                    outputs[i][(projection * width) + r] = projection == 0 ? value * scale : value;
                }
            }
        }

        return outputs;
    }

    /// <summary>Causal softmax attention per head over the prompt's projected rows, from <paramref name="firstPosition"/> on.</summary>
    private double[] Attend(double[][] projected, int firstPosition)
    {
        var headWidth = width / heads;
        var context = new double[length * width];
        var weights = new double[length];
        for (var h = 0; h < heads; h++)
        {
            var (query, key, value) = (h * headWidth, width + (h * headWidth), (2 * width) + (h * headWidth));
            for (var i = Math.Max(firstPosition, 0); i < length; i++)
            {
                var q = projected[i].AsSpan(query, headWidth);
                var largest = double.NegativeInfinity;
                for (var j = 0; j <= i; j++)
                {
                    weights[j] = FixedOrderMath.Dot(q, projected[j].AsSpan(key, headWidth), headWidth);
                    largest = Math.Max(largest, weights[j]);
                }

                var total = 0.0;
                for (var j = 0; j <= i; j++)
                {
                    weights[j] = Math.Exp(weights[j] - largest);
                    total += weights[j];
                }

                var output = context.AsSpan((i * width) + (h * headWidth), headWidth);
                for (var j = 0; j <= i; j++)
                {
                    FixedOrderMath.AddScaled(output, weights[j] / total, projected[j].AsSpan(value, headWidth));
                }
            }
        }

        return context;
    }
}
