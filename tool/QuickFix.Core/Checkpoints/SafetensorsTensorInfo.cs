using System.Collections.Immutable;

namespace QuickFix.Checkpoints;

/// <summary>
/// One tensor entry of a safetensors header: name, element type, shape, and its byte span
/// <c>[DataBegin, DataEnd)</c> relative to the start of the data buffer (the byte after the header).
/// Equality compares the shape element by element.
/// </summary>
/// <param name="Name">The tensor's key in the header.</param>
/// <param name="DType">Element type.</param>
/// <param name="Shape">Dimensions, row-major; empty for a scalar.</param>
/// <param name="DataBegin">First byte of the data, relative to the data buffer.</param>
/// <param name="DataEnd">One past the last byte of the data, relative to the data buffer.</param>
public sealed record SafetensorsTensorInfo(
    string Name,
    SafetensorsDType DType,
    ImmutableArray<long> Shape,
    long DataBegin,
    long DataEnd)
{
    /// <summary>Number of bytes the tensor occupies.</summary>
    public long ByteLength => DataEnd - DataBegin;

    /// <summary>Number of elements (the product of <see cref="Shape"/>; 1 for a scalar).</summary>
    public long ElementCount
    {
        get
        {
            long count = 1;
            foreach (var dimension in Shape)
            {
                count = checked(count * dimension);
            }

            return count;
        }
    }

    /// <inheritdoc/>
    public bool Equals(SafetensorsTensorInfo? other) =>
        other is not null
        && Name == other.Name
        && DType == other.DType
        && Shape.AsSpan().SequenceEqual(other.Shape.AsSpan())
        && DataBegin == other.DataBegin
        && DataEnd == other.DataEnd;

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

        hash.Add(DataBegin);
        hash.Add(DataEnd);
        return hash.ToHashCode();
    }
}
