namespace QuickFix.Editing;

/// <summary>
/// Sums M1 = Σ v kᵀ and M2 = Σ k kᵀ over a stream of <see cref="PairChunk"/>s in bounded memory.
/// <para>
/// M2 continues each element's sum chunk after chunk (<see cref="SufficientStatistics.Accumulate"/>), so chunking
/// changes no bit. M1 uses linearity: with v = W₀·u (+ b), Σ v kᵀ = W₀·(Σ u kᵀ) + b·(Σ_biased k)ᵀ, and within a chunk
/// the keys of pairs sharing a value input are summed first, so a mass edit whose targets repeat ("a painting" for a
/// thousand artists) pays one outer product per distinct target row instead of one per pair.
/// </para>
/// </summary>
internal sealed class StatisticsAccumulator
{
    private readonly int width;
    private readonly int maxDegreeOfParallelism;
    private readonly double[] gram;
    private readonly double[] crossInputs; // Σ u kᵀ: [d (u), d (k)]
    private readonly double[] biasedKeys;
    private readonly Dictionary<int, int> pairsPerEdit = [];
    private int pairs;

    public StatisticsAccumulator(int width, int maxDegreeOfParallelism)
    {
        this.width = width;
        this.maxDegreeOfParallelism = maxDegreeOfParallelism;
        gram = new double[width * width];
        crossInputs = new double[width * width];
        biasedKeys = new double[width];
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

        SufficientStatistics.Accumulate(chunk.ValueInputs, width, keySums, width, rows, crossInputs, upperOnly: false, maxDegreeOfParallelism);
        for (var r = 0; r < rows; r++)
        {
            if (chunk.Biased[r])
            {
                FixedOrderMath.AddScaled(biasedKeys, 1.0, keySums.AsSpan(r * width, width));
            }
        }

        foreach (var pair in chunk.Pairs)
        {
            pairsPerEdit[pair.Edit] = PairsOf(pair.Edit) + 1;
        }

        pairs += count;
    }

    /// <summary>M1 and M2 (both <c>[d, d]</c>, row-major) for the original weight <paramref name="weight"/> and bias <paramref name="bias"/>.</summary>
    public (double[] M1, double[] M2) Finish(double[] weight, double[] bias)
    {
        ArgumentNullException.ThrowIfNull(weight);
        ArgumentNullException.ThrowIfNull(bias);

        // W₀·C as Σ_k (column k of W₀) ⊗ (row k of C): the same fixed-order kernel.
        var weightByColumn = new double[weight.Length];
        for (var r = 0; r < width; r++)
        {
            for (var c = 0; c < width; c++)
            {
                weightByColumn[(c * width) + r] = weight[(r * width) + c];
            }
        }

        var m1 = SufficientStatistics.SumOfOuterProducts(weightByColumn, width, crossInputs, width, width, maxDegreeOfParallelism);
        for (var r = 0; r < width; r++)
        {
            FixedOrderMath.AddScaled(m1.AsSpan(r * width, width), bias[r], biasedKeys);
        }

        var m2 = (double[])gram.Clone();
        SufficientStatistics.MirrorUpper(m2, width);
        return (m1, m2);
    }
}
