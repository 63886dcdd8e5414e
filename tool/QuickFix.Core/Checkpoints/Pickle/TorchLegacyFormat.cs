using System.Buffers.Binary;
using System.Numerics;

namespace QuickFix.Checkpoints.Pickle;

/// <summary>
/// <c>torch.save</c>'s format before PyTorch 1.6 (<c>_use_new_zipfile_serialization=False</c>): five pickles in a row
/// (the magic number, the protocol version 1001, a <c>sys_info</c> dict, the data with persistent ids naming storages,
/// the sorted list of storage keys), then each storage in that order as an 8-byte little-endian element count and its
/// raw bytes.
/// </summary>
internal static class TorchLegacyFormat
{
    /// <summary><c>torch.serialization.MAGIC_NUMBER</c>: 0x1950a86a20f9469cfc6c.</summary>
    private static readonly BigInteger MagicNumber = new([0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19], isUnsigned: true);

    private const long ProtocolVersion = 1001;

    /// <summary>Reads the pickles on <paramref name="stream"/> (which it then owns) and locates the storages without reading them.</summary>
    public static TorchCheckpointContents Open(string path, FileStream stream, CancellationToken cancellationToken)
    {
        try
        {
            var magic = RestrictedUnpickler.Load(stream, path, "the magic-number pickle", null, cancellationToken);
            if (magic is not BigInteger number || number != MagicNumber)
            {
                throw new PickleCheckpointException(
                    PickleCheckpointError.UnknownContainer, "the file starts with a pickle, but not with torch.save's magic number: it is not a PyTorch checkpoint", path);
            }

            if (RestrictedUnpickler.Load(stream, path, "the protocol pickle", null, cancellationToken) is not ProtocolVersion)
            {
                throw new PickleCheckpointException(PickleCheckpointError.UnknownContainer, $"expected torch.save's protocol version {ProtocolVersion}", path, "the protocol pickle");
            }

            if (RestrictedUnpickler.Load(stream, path, "the sys_info pickle", null, cancellationToken) is PickleDict info
                && info.TryGetValue("little_endian", out var little) && little is false)
            {
                throw new PickleCheckpointException(
                    PickleCheckpointError.UnsupportedTensor, "the storages were written big-endian; only little-endian checkpoints are read", path, "the sys_info pickle");
            }

            // The element count before each storage is in elements of the storage type its first persistent id names.
            var dtypes = new Dictionary<string, SafetensorsDType>(StringComparer.Ordinal);
            var root = RestrictedUnpickler.Load(
                stream,
                path,
                "the data pickle",
                (id, fail) =>
                {
                    var storage = StorageIds.Resolve(id, fail);
                    dtypes.TryAdd(storage.Key, storage.DType);
                    return storage;
                },
                cancellationToken);
            var keys = RestrictedUnpickler.Load(stream, path, "the storage-key pickle", null, cancellationToken) as List<object?>
                ?? throw new PickleCheckpointException(PickleCheckpointError.MalformedPickle, "the storage keys must be a list", path, "the storage-key pickle");
            var ranges = Locate(stream, keys, dtypes, path);
            return new TorchCheckpointContents("legacy", root, new LegacyStorages(stream.SafeFileHandle, ranges, path));
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>Walks the storage records after the pickles, reading only their 8-byte counts.</summary>
    private static Dictionary<string, (long Start, long Length)> Locate(
        FileStream stream, List<object?> keys, Dictionary<string, SafetensorsDType> dtypes, string path)
    {
        var ranges = new Dictionary<string, (long Start, long Length)>(StringComparer.Ordinal);
        var offset = stream.Position;
        Span<byte> count = stackalloc byte[8];
        foreach (var item in keys)
        {
            if (item is not string key || !dtypes.TryGetValue(key, out var dtype))
            {
                throw new PickleCheckpointException(
                    PickleCheckpointError.MalformedPickle, $"the storage list names {GlobalCalls.Describe(item)} '{item}', which no tensor uses", path, "the storage-key pickle");
            }

            if (offset + count.Length > stream.Length)
            {
                throw new PickleCheckpointException(PickleCheckpointError.MissingStorage, $"the file ends before storage '{key}'", path, offset: offset);
            }

            stream.Position = offset;
            stream.ReadExactly(count);
            var elements = BinaryPrimitives.ReadInt64LittleEndian(count);
            var elementSize = dtype.BitSize() / 8;

            // Compared by division first, so that a hostile count cannot overflow the product.
            var length = elements >= 0 && elements <= (stream.Length - offset - 8) / elementSize ? elements * elementSize : -1;
            if (length < 0)
            {
                throw new PickleCheckpointException(
                    PickleCheckpointError.MissingStorage, $"storage '{key}' claims {elements} elements, more than the file holds", path, offset: offset);
            }

            ranges[key] = (offset + 8, length);
            offset += 8 + length;
        }

        return ranges;
    }
}
