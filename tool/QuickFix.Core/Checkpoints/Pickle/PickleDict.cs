using System.Numerics;

namespace QuickFix.Checkpoints.Pickle;

/// <summary>
/// A pickled <c>dict</c> or <c>OrderedDict</c>: entries in insertion order, a repeated key replacing the earlier value as
/// in Python. Keys compare by value for text and numbers and by reference otherwise (tensor checkpoints key by text).
/// </summary>
internal sealed class PickleDict
{
    private static readonly object NoneKey = new();

    private readonly List<KeyValuePair<object?, object?>> entries = [];
    private readonly Dictionary<object, int> index = new(KeyComparer.Instance);

    /// <summary>The entries in insertion order.</summary>
    public IReadOnlyList<KeyValuePair<object?, object?>> Entries => entries;

    public void Set(object? key, object? value)
    {
        if (index.TryGetValue(key ?? NoneKey, out var at))
        {
            entries[at] = new(key, value);
            return;
        }

        index[key ?? NoneKey] = entries.Count;
        entries.Add(new(key, value));
    }

    public bool TryGetValue(string key, out object? value)
    {
        if (index.TryGetValue(key, out var at))
        {
            value = entries[at].Value;
            return true;
        }

        value = null;
        return false;
    }

    private sealed class KeyComparer : IEqualityComparer<object>
    {
        public static readonly KeyComparer Instance = new();

        public new bool Equals(object? x, object? y) => (x, y) switch
        {
            (string a, string b) => string.Equals(a, b, StringComparison.Ordinal),
            (long a, long b) => a == b,
            (BigInteger a, BigInteger b) => a == b,
            (double a, double b) => a.Equals(b),
            (bool a, bool b) => a == b,
            _ => ReferenceEquals(x, y),
        };

        public int GetHashCode(object obj) => obj switch
        {
            string text => StringComparer.Ordinal.GetHashCode(text),
            long or BigInteger or double or bool => obj.GetHashCode(),
            _ => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj),
        };
    }
}
