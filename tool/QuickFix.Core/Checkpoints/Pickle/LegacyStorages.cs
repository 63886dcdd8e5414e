using Microsoft.Win32.SafeHandles;

namespace QuickFix.Checkpoints.Pickle;

/// <summary>The storages of a pre-1.6 <c>torch.save</c> file: byte ranges of the file itself, read positionally.</summary>
internal sealed class LegacyStorages(SafeFileHandle handle, IReadOnlyDictionary<string, (long Start, long Length)> ranges, string filePath) : ITorchStorages
{
    public long ByteLength(string key) => Range(key).Length;

    public void Read(string key, long offset, Span<byte> destination) =>
        FileTensorData.ReadExactly(handle, destination, Range(key).Start + offset, filePath);

    public void Dispose() => handle.Dispose();

    private (long Start, long Length) Range(string key) =>
        ranges.TryGetValue(key, out var range)
            ? range
            : throw new PickleCheckpointException(
                PickleCheckpointError.MissingStorage, $"storage '{key}' is not in the file's list of storages", filePath);
}
