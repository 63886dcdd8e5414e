namespace QuickFix.Editing;

/// <summary>
/// The (key, value) pairs of a set of edits: pair p has key row p of <see cref="Keys"/> (a layer's <c>out_proj</c>
/// input) and value row p of <see cref="Values"/> (its target output), both float64, row-major <c>[pairs, width]</c>.
/// </summary>
internal sealed class KeyValueSet
{
    public KeyValueSet(int width, IReadOnlyList<EditPair> pairs, double[] keys, double[] values, IReadOnlyList<SubjectProbe> probes)
    {
        Width = width;
        Pairs = pairs;
        Keys = keys;
        Values = values;
        Probes = probes;
    }

    /// <summary>The layer width d.</summary>
    public int Width { get; }

    /// <summary>The pairs, edits in order, templates in order, positions ascending, then the preservation pairs.</summary>
    public IReadOnlyList<EditPair> Pairs { get; }

    /// <summary>Key rows <c>[pairs, width]</c>.</summary>
    public double[] Keys { get; }

    /// <summary>Value rows <c>[pairs, width]</c>.</summary>
    public double[] Values { get; }

    /// <summary>One probe per (edit, template), for the subject-token metrics.</summary>
    public IReadOnlyList<SubjectProbe> Probes { get; }

    /// <summary>Key row <paramref name="pair"/>.</summary>
    public ReadOnlySpan<double> Key(int pair) => Keys.AsSpan(pair * Width, Width);

    /// <summary>Value row <paramref name="pair"/>.</summary>
    public ReadOnlySpan<double> Value(int pair) => Values.AsSpan(pair * Width, Width);
}
