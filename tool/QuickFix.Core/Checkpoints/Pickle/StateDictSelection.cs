using System.Globalization;
using System.Numerics;

namespace QuickFix.Checkpoints.Pickle;

/// <summary>
/// Which tensors of a checkpoint become safetensors tensors, and what else is kept. SD checkpoints (Lightning's
/// <c>{"state_dict": {...}, "global_step": ..., "callbacks": ...}</c>) keep their weights under <c>state_dict</c>, and
/// the names inside it are the safetensors names, exactly as the LDM single-file <c>.safetensors</c> conversions have
/// them; a checkpoint without that wrapper is a state dict itself. Entries beside the tensors that are plain scalars
/// (<c>global_step</c>, <c>epoch</c>, a version string) are kept as string metadata; everything else (training state:
/// callbacks, optimizer states, tensors outside <c>state_dict</c>) is dropped and listed in <see cref="Dropped"/>.
/// </summary>
/// <param name="Tensors">The tensors, by name, in the pickle's order.</param>
/// <param name="Scalars">The scalar entries as text (Python's <c>str</c> of the value), by key.</param>
/// <param name="Dropped">The keys of the entries left out, in the pickle's order (<c>state_dict.</c> prefixed inside it).</param>
internal sealed record StateDictSelection(
    IReadOnlyList<KeyValuePair<string, PickledTensor>> Tensors, IReadOnlyDictionary<string, string> Scalars, IReadOnlyList<string> Dropped)
{
    private const string Wrapper = "state_dict";

    public static StateDictSelection Of(object? root, string path)
    {
        if (root is not PickleDict top)
        {
            throw new PickleCheckpointException(
                PickleCheckpointError.NoTensors, $"the checkpoint holds a {GlobalCalls.Describe(root)}, not a dict of tensors", path);
        }

        var tensors = new List<KeyValuePair<string, PickledTensor>>();
        var scalars = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var dropped = new List<string>();
        var weights = top.TryGetValue(Wrapper, out var wrapped) && wrapped is PickleDict inner ? inner : top;
        if (!ReferenceEquals(weights, top))
        {
            foreach (var (key, value) in top.Entries)
            {
                if (!Equals(key, Wrapper))
                {
                    Keep(key, value, tensors: null, scalars, dropped, prefix: string.Empty);
                }
            }
        }

        foreach (var (key, value) in weights.Entries)
        {
            Keep(key, value, tensors, ReferenceEquals(weights, top) ? scalars : null, dropped, ReferenceEquals(weights, top) ? string.Empty : Wrapper + ".");
        }

        if (tensors.Count == 0)
        {
            throw new PickleCheckpointException(
                PickleCheckpointError.NoTensors,
                $"no tensors under '{Wrapper}' or at the top level (keys: {string.Join(", ", top.Entries.Select(e => Key(e.Key)))})",
                path);
        }

        return new StateDictSelection(tensors, scalars, dropped);
    }

    private static void Keep(
        object? key, object? value, List<KeyValuePair<string, PickledTensor>>? tensors, SortedDictionary<string, string>? scalars, List<string> dropped, string prefix)
    {
        if (key is string name && value is PickledTensor tensor && tensors is not null)
        {
            tensors.Add(new(name, tensor));
        }
        else if (key is string text && scalars is not null && Scalar(value) is { } scalar)
        {
            scalars[text] = scalar;
        }
        else
        {
            dropped.Add(prefix + Key(key));
        }
    }

    /// <summary>A plain value as Python's <c>str</c> writes it; null for anything else.</summary>
    private static string? Scalar(object? value) => value switch
    {
        bool flag => flag ? "True" : "False",
        long number => number.ToString(CultureInfo.InvariantCulture),
        BigInteger number => number.ToString(CultureInfo.InvariantCulture),
        double number => number.ToString("R", CultureInfo.InvariantCulture),
        string text => text,
        _ => null,
    };

    private static string Key(object? key) => key as string ?? $"<{GlobalCalls.Describe(key)} key>";
}
