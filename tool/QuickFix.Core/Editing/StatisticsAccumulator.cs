namespace QuickFix.Editing;

/// <summary>
/// Sums M1 = Σ v kᵀ and M2 = Σ k kᵀ over a stream of <see cref="PairChunk"/>s in bounded memory.
/// <para>
/// Both continue each element's sum chunk after chunk (<see cref="SufficientStatistics.Accumulate"/>), so chunking
/// changes no bit of M2. For M1, the keys of the pairs sharing a value row within a chunk are summed first and the
/// row's value v = W₀·u (+ b) is projected once per distinct source (prompt, position) and remembered across chunks:
/// a mass edit whose targets repeat ("a painting" for a thousand artists) pays one outer product per distinct target
/// row per chunk, and one projection per target row in all.
/// </para>
/// </summary>
internal sealed class StatisticsAccumulator
{
    /// <summary>Remembered value rows beyond which the memory is emptied (each row is d doubles).</summary>
    private const int ValueCacheLimit = 8192;

    private readonly int width;
    private readonly double[] weight;
    private readonly double[] bias;
    private readonly int maxDegreeOfParallelism;
    private readonly double[] gram;
    private readonly double[] cross;
    private readonly Dictionary<(string Prompt, int Position, bool Biased), double[]> values = [];
    private readonly Dictionary<int, int> pairsPerEdit = [];
    private int pairs;

    /// <param name="width">The layer width d.</param>
    /// <param name="weight">W₀, <c>[d, d]</c> row-major.</param>
    /// <param name="bias">b, <c>[d]</c>.</param>
    /// <param name="maxDegreeOfParallelism">Threads for the sums (the result does not depend on it).</param>
    public StatisticsAccumulator(int width, double[] weight, double[] bias, int maxDegreeOfParallelism)
    {
        this.width = width;
        this.weight = weight;
        this.bias = bias;
        this.maxDegreeOfParallelism = maxDegreeOfParallelism;
        gram = new double[width * width];
        cross = new double[width * width];
    }

    /// <summary>Pairs added so far.</summary>
    public int Pairs => pairs;

    /// <summary>Pairs added so far for edit <paramref name="edit"/> (−1: the preserve prompts).</summary>
    public int PairsOf(int edit) => pairsPerEdit.GetValueOrDefault(edit);

    /// <summary>Adds a chunk's pairs.</summary>
    public void Add(PairChunk chunk)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        var count = chunk.Pairs.Count;
        SufficientStatistics.Accumulate(chunk.Keys, width, chunk.Keys, width, count, gram, upperOnly: true, maxDegreeOfParallelism);

        var rows = chunk.Biased.Length;
        var keySums = new double[rows * width];
        for (var p = 0; p < count; p++)
        {
            FixedOrderMath.AddScaled(keySums.AsSpan(chunk.ValueRowOfPair[p] * width, width), 1.0, chunk.Keys.AsSpan(p * width, width));
        }

        SufficientStatistics.Accumulate(RowValues(chunk), width, keySums, width, rows, cross, upperOnly: false, maxDegreeOfParallelism);
        foreach (var pair in chunk.Pairs)
        {
            pairsPerEdit[pair.Edit] = PairsOf(pair.Edit) + 1;
        }

        pairs += count;
    }

    /// <summary>M1 and M2, both <c>[d, d]</c> row-major.</summary>
    public (double[] M1, double[] M2) Finish()
    {
        var m2 = (double[])gram.Clone();
        SufficientStatistics.MirrorUpper(m2, width);
        return ((double[])cross.Clone(), m2);
    }

    /// <summary>The values of the chunk's rows <c>[rows, d]</c>: remembered ones reused, the others projected four per read of W₀.</summary>
    private double[] RowValues(PairChunk chunk)
    {
        if (values.Count > ValueCacheLimit)
        {
            values.Clear();
        }

        var rows = chunk.Biased.Length;
        var keys = Enumerable.Range(0, rows).Select(r => (chunk.ValueRowSources[r].Prompt, chunk.ValueRowSources[r].Position, chunk.Biased[r])).ToArray();
        var missing = Enumerable.Range(0, rows).Where(r => !values.ContainsKey(keys[r])).ToArray();
        var inputs = missing.SelectMany(r => chunk.ValueInputs.AsSpan(r * width, width).ToArray()).ToArray();
        var projected = KeyValueCollector.ProjectRows(weight, bias, inputs, [.. missing.Select(r => chunk.Biased[r])], width, maxDegreeOfParallelism);
        for (var m = 0; m < missing.Length; m++)
        {
            values[keys[missing[m]]] = projected.AsSpan(m * width, width).ToArray();
        }

        var result = new double[rows * width];
        for (var r = 0; r < rows; r++)
        {
            values[keys[r]].CopyTo(result.AsSpan(r * width, width));
        }

        return result;
    }
}
