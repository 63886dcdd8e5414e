namespace QuickFix.Checkpoints.Pickle;

/// <summary>
/// The data buffer of a pickle checkpoint's conversion, produced on demand: each tensor's bytes, in data order, read
/// from its storage. A contiguous tensor is a plain range of its storage; a non-contiguous view (transposed, strided,
/// broadcast) is gathered element by element from the span of storage it covers, into row-major order, and the last
/// such tensor is kept so that reading it in chunks gathers it once. Tensors sharing a storage each get their own bytes.
/// </summary>
internal sealed class PickleTensorData(TorchCheckpointContents contents, IReadOnlyList<PickleTensorData.Entry> entries) : ITensorDataSource
{
    private readonly long[] begins = entries.Select(e => e.Info.Begin).ToArray();
    private readonly Lock gate = new();
    private (Entry Entry, byte[] Bytes)? gathered;

    /// <summary>One tensor of the view.</summary>
    /// <param name="Info">Its entry in the view's header.</param>
    /// <param name="Tensor">Where its elements are.</param>
    /// <param name="Contiguous">Whether its elements are one run of the storage, in order.</param>
    internal sealed record Entry(TensorInfo Info, PickledTensor Tensor, bool Contiguous);

    public void Read(long dataPosition, Span<byte> destination)
    {
        while (!destination.IsEmpty)
        {
            // The last tensor that starts at or before the position; empty tensors share their successor's start.
            var found = Array.BinarySearch(begins, dataPosition);
            var index = found >= 0 ? LastStartingAt(found) : ~found - 1;
            var entry = entries[index];
            var within = dataPosition - entry.Info.Begin;
            var count = (int)Math.Min(destination.Length, entry.Info.ByteLength - within);
            if (count <= 0)
            {
                throw new InvalidOperationException($"No tensor holds data byte {dataPosition}.");
            }

            ReadTensor(entry, within, destination[..count]);
            destination = destination[count..];
            dataPosition += count;
        }
    }

    public void Dispose() => contents.Dispose();

    private int LastStartingAt(int index)
    {
        while (index + 1 < begins.Length && begins[index + 1] == begins[index])
        {
            index++;
        }

        return index;
    }

    private void ReadTensor(Entry entry, long within, Span<byte> destination)
    {
        var elementSize = entry.Info.DType.BitSize() / 8;
        if (entry.Contiguous)
        {
            contents.Storages.Read(entry.Tensor.Storage.Key, (entry.Tensor.Offset * elementSize) + within, destination);
            return;
        }

        lock (gate)
        {
            if (gathered is not { } cached || !ReferenceEquals(cached.Entry, entry))
            {
                cached = (entry, Gather(entry, elementSize));
                gathered = cached;
            }

            cached.Bytes.AsSpan((int)within, destination.Length).CopyTo(destination);
        }
    }

    /// <summary>The tensor's elements in row-major order, from the storage span between its first and last element.</summary>
    private byte[] Gather(Entry entry, int elementSize)
    {
        var (shape, strides) = (entry.Tensor.Shape, entry.Tensor.Strides);
        var result = new byte[entry.Info.ByteLength];
        if (result.Length == 0)
        {
            return result;
        }

        var span = new byte[(PickleViewLayout.Reach(entry.Tensor) - entry.Tensor.Offset) * elementSize];
        contents.Storages.Read(entry.Tensor.Storage.Key, entry.Tensor.Offset * elementSize, span);
        var rank = shape.Length;
        var inner = rank == 0 ? 1 : shape[^1];
        var innerStride = rank == 0 ? 0 : strides[^1];
        var index = new long[Math.Max(0, rank - 1)];
        var runBytes = (int)(inner * elementSize);
        for (var written = 0; written < result.Length; written += runBytes)
        {
            var start = 0L;
            for (var d = 0; d < index.Length; d++)
            {
                start += index[d] * strides[d];
            }

            var run = result.AsSpan(written, runBytes);
            if (innerStride == 1)
            {
                span.AsSpan((int)(start * elementSize), runBytes).CopyTo(run);
            }
            else
            {
                for (var j = 0; j < inner; j++)
                {
                    span.AsSpan((int)((start + (j * innerStride)) * elementSize), elementSize).CopyTo(run[(j * elementSize)..]);
                }
            }

            // Odometer over every dimension but the last.
            for (var d = index.Length - 1; d >= 0 && ++index[d] == shape[d]; d--)
            {
                index[d] = 0;
            }
        }

        return result;
    }
}
