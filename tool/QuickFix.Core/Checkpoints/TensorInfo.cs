namespace QuickFix.Checkpoints;

/// <summary>
/// One tensor entry of a safetensors header: name, element type, shape, and its byte span <c>[Begin, End)</c>
/// relative to the start of the data buffer (the byte after the <c>8 + N</c> header bytes).
/// Equality compares <see cref="Shape"/> element by element.
/// </summary>
/// <param name="Name">The tensor's key in the header.</param>
/// <param name="DType">Element type.</param>
/// <param name="Shape">Dimensions, row-major; empty for a scalar. Copied, so later changes to the caller's list do not leak in.</param>
/// <param name="Begin">First byte of the data, relative to the data buffer.</param>
/// <param name="End">One past the last byte of the data, relative to the data buffer.</param>
public sealed record TensorInfo(string Name, SafetensorsDType DType, IReadOnlyList<long> Shape, long Begin, long End)
{
    /// <summary>Dimensions, row-major; empty for a scalar.</summary>
    public IReadOnlyList<long> Shape { get; init; } = Array.AsReadOnly(Shape.ToArray());

    /// <summary>Number of elements: the product of <see cref="Shape"/>, 1 for a scalar.</summary>
    /// <exception cref="OverflowException">The product overflows (never for a validated header).</exception>
    public long ElementCount => Shape.Aggregate(1L, static (count, dimension) => checked(count * dimension));

    /// <summary>Number of bytes the tensor occupies.</summary>
    public long ByteLength => End - Begin;

    /// <inheritdoc/>
    public bool Equals(TensorInfo? other) =>
        other is not null
        && Name == other.Name
        && DType == other.DType
        && Shape.SequenceEqual(other.Shape)
        && Begin == other.Begin
        && End == other.End;

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Name);
        hash.Add(DType);
        foreach (var dimension in Shape)
        {
            hash.Add(dimension);
        }

        hash.Add(Begin);
        hash.Add(End);
        return hash.ToHashCode();
    }
}
