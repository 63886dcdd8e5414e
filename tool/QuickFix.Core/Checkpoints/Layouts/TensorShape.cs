using System.Collections.Immutable;

namespace QuickFix.Checkpoints.Layouts;

/// <summary>
/// The dimensions of a tensor, outermost first, with value equality (two shapes are equal when their dimensions
/// are). A scalar has no dimensions.
/// </summary>
public sealed record TensorShape
{
    /// <summary>Creates a shape; every dimension must be non-negative.</summary>
    public TensorShape(params ReadOnlySpan<long> dimensions)
    {
        foreach (var dimension in dimensions)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(dimension, nameof(dimensions));
        }

        Dimensions = [.. dimensions];
    }

    /// <summary>The dimensions, outermost first.</summary>
    public ImmutableArray<long> Dimensions { get; }

    /// <summary>Number of dimensions (0 for a scalar).</summary>
    public int Rank => Dimensions.Length;

    /// <summary>Number of elements (1 for a scalar).</summary>
    public long ElementCount
    {
        get
        {
            long count = 1;
            foreach (var dimension in Dimensions)
            {
                count = checked(count * dimension);
            }

            return count;
        }
    }

    /// <summary>Dimension <paramref name="index"/>.</summary>
    public long this[int index] => Dimensions[index];

    /// <inheritdoc />
    public bool Equals(TensorShape? other) =>
        other is not null && Dimensions.AsSpan().SequenceEqual(other.Dimensions.AsSpan());

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var dimension in Dimensions)
        {
            hash.Add(dimension);
        }

        return hash.ToHashCode();
    }

    /// <summary>Formats as <c>[a, b, c]</c>, the way the layout oracle and PyTorch print shapes.</summary>
    public override string ToString() => "[" + string.Join(", ", Dimensions) + "]";
}
