using System.Text;

namespace QuickFix.Checkpoints.Pickle;

/// <summary>
/// Lays a checkpoint's selected tensors out as their safetensors conversion would be written (the order and offsets of
/// <see cref="SafetensorsWriter"/>), after checking each against its storage: element type, strides, and that every
/// element it views lies inside the storage.
/// </summary>
internal static class PickleViewLayout
{
    /// <summary>One past the index of the last storage element <paramref name="tensor"/> views (its offset when it is empty).</summary>
    public static long Reach(PickledTensor tensor)
    {
        if (tensor.Shape.Any(size => size == 0))
        {
            return tensor.Offset;
        }

        var last = tensor.Offset;
        for (var d = 0; d < tensor.Shape.Length; d++)
        {
            last = checked(last + ((tensor.Shape[d] - 1) * tensor.Strides[d]));
        }

        return last + 1;
    }

    /// <summary>The view's entries in data order, with their checked storage windows.</summary>
    public static List<PickleTensorData.Entry> Lay(StateDictSelection selection, ITorchStorages storages, string path)
    {
        var entries = new List<(string Name, byte[] Utf8, PickledTensor Tensor, long ByteLength, bool Contiguous)>();
        foreach (var (name, tensor) in selection.Tensors)
        {
            if (name == "__metadata__")
            {
                throw new PickleCheckpointException(PickleCheckpointError.UnsupportedTensor, "the name is reserved for metadata in safetensors", path, tensorName: name);
            }

            var (byteLength, contiguous) = Check(name, tensor, storages, path);
            entries.Add((name, Encoding.UTF8.GetBytes(name), tensor, byteLength, contiguous));
        }

        entries.Sort((left, right) => SafetensorsWriter.CompareDataOrder(left.Tensor.Storage.DType, left.Utf8, right.Tensor.Storage.DType, right.Utf8));
        var laid = new List<PickleTensorData.Entry>(entries.Count);
        long offset = 0;
        foreach (var (name, _, tensor, byteLength, contiguous) in entries)
        {
            laid.Add(new PickleTensorData.Entry(new TensorInfo(name, tensor.Storage.DType, tensor.Shape, offset, offset + byteLength), tensor, contiguous));
            offset += byteLength;
        }

        return laid;
    }

    private static (long ByteLength, bool Contiguous) Check(string name, PickledTensor tensor, ITorchStorages storages, string path)
    {
        var elementSize = tensor.Storage.DType.BitSize() / 8;
        long byteLength, reach;
        try
        {
            byteLength = checked(tensor.Shape.Aggregate(1L, static (count, size) => checked(count * size)) * elementSize);
            reach = Reach(tensor);
            _ = checked(reach * elementSize);
        }
        catch (OverflowException)
        {
            throw new PickleCheckpointException(
                PickleCheckpointError.UnsupportedTensor, $"size [{string.Join(", ", tensor.Shape)}] with strides [{string.Join(", ", tensor.Strides)}] overflows", path, tensorName: name);
        }

        var storageBytes = storages.ByteLength(tensor.Storage.Key);
        if (reach * elementSize > storageBytes)
        {
            throw new PickleCheckpointException(
                PickleCheckpointError.MissingStorage,
                $"the tensor ({tensor.Storage.DType.ToName()} [{string.Join(", ", tensor.Shape)}], offset {tensor.Offset}, strides [{string.Join(", ", tensor.Strides)}]) " +
                $"reaches byte {reach * elementSize} of storage '{tensor.Storage.Key}', which holds {storageBytes}",
                path,
                tensorName: name);
        }

        var contiguous = IsContiguous(tensor);
        if (!contiguous && Math.Max(byteLength, (reach - tensor.Offset) * elementSize) > Array.MaxLength)
        {
            throw new PickleCheckpointException(
                PickleCheckpointError.UnsupportedTensor,
                "a non-contiguous view over more than 2 GB is not gathered; save it with .contiguous()",
                path,
                tensorName: name);
        }

        return (byteLength, contiguous);
    }

    /// <summary>Row-major with no gaps (dimensions of size 1 may have any stride, as in PyTorch's own check).</summary>
    private static bool IsContiguous(PickledTensor tensor)
    {
        var expected = 1L;
        for (var d = tensor.Shape.Length - 1; d >= 0; d--)
        {
            if (tensor.Shape[d] == 0)
            {
                return true;
            }

            if (tensor.Shape[d] != 1 && tensor.Strides[d] != expected)
            {
                return false;
            }

            expected *= tensor.Shape[d];
        }

        return true;
    }
}
