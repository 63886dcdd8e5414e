using System.Collections.Immutable;

namespace QuickFix.Recipes;

/// <summary>The recipe spellings of an enumeration (<c>dpmpp-2m</c> ↔ <see cref="Sampling.SchedulerKind.DpmSolverMultistep"/>), in schema order.</summary>
internal sealed class EnumSpellings<T>
    where T : struct, Enum
{
    private readonly ImmutableArray<(string Name, T Value)> _pairs;

    public EnumSpellings(params (string Name, T Value)[] pairs)
    {
        _pairs = [.. pairs];
    }

    /// <summary>The allowed spellings, in order.</summary>
    public ImmutableArray<string> Names => [.. _pairs.Select(pair => pair.Name)];

    /// <summary>Case-sensitive: YAML is, and one spelling per value keeps recipes diffable.</summary>
    public bool TryParse(string text, out T value)
    {
        foreach (var pair in _pairs)
        {
            if (string.Equals(pair.Name, text, StringComparison.Ordinal))
            {
                value = pair.Value;
                return true;
            }
        }

        value = default;
        return false;
    }

    /// <summary>The spelling of <paramref name="value"/>.</summary>
    public string Spell(T value) => _pairs.First(pair => EqualityComparer<T>.Default.Equals(pair.Value, value)).Name;
}
