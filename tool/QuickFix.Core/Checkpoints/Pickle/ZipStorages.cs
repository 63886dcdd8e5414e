using System.Buffers;
using System.IO.Compression;

namespace QuickFix.Checkpoints.Pickle;

/// <summary>
/// The storages of a PyTorch zip archive: entry <c>&lt;archive&gt;/data/&lt;key&gt;</c> per storage, read through
/// <see cref="ZipArchive"/>. Its entry streams cannot seek, so one entry stream is kept open and read forward; a read
/// behind its position reopens the entry. The rewriter and the hashes read each tensor front to back, and SD
/// checkpoints store one tensor per storage, so each storage byte is read once. Only storages asked for are opened.
/// </summary>
internal sealed class ZipStorages(ZipArchive archive, string prefix, string filePath) : ITorchStorages
{
    private readonly Lock gate = new();
    private string? openKey;
    private Stream? openStream;
    private long openPosition;

    public long ByteLength(string key)
    {
        lock (gate)
        {
            return Entry(key).Length;
        }
    }

    public void Read(string key, long offset, Span<byte> destination)
    {
        lock (gate)
        {
            if (openStream is null || openKey != key || openPosition > offset)
            {
                openStream?.Dispose();
                openStream = null;
                openStream = Entry(key).Open();
                openKey = key;
                openPosition = 0;
            }

            try
            {
                Skip(offset - openPosition, key);
                Fill(destination, key);
            }
            catch (InvalidDataException exception)
            {
                // A damaged deflated entry (torch stores its entries uncompressed, so only a re-zipped file has them).
                openStream.Dispose();
                openStream = null;
                throw new PickleCheckpointException(
                    PickleCheckpointError.MissingStorage, $"the entry cannot be read: {exception.Message}", filePath, $"{prefix}/data/{key}");
            }
        }
    }

    public void Dispose()
    {
        lock (gate)
        {
            openStream?.Dispose();
            archive.Dispose();
        }
    }

    private ZipArchiveEntry Entry(string key) =>
        archive.GetEntry($"{prefix}/data/{key}") ?? throw new PickleCheckpointException(
            PickleCheckpointError.MissingStorage, $"the archive has no entry '{prefix}/data/{key}' for storage '{key}'", filePath);

    private void Skip(long count, string key)
    {
        var scratch = ArrayPool<byte>.Shared.Rent(1 << 16);
        try
        {
            while (count > 0)
            {
                var chunk = scratch.AsSpan(0, (int)Math.Min(scratch.Length, count));
                Fill(chunk, key);
                count -= chunk.Length;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }
    }

    private void Fill(Span<byte> destination, string key)
    {
        while (!destination.IsEmpty)
        {
            var read = openStream!.Read(destination);
            if (read == 0)
            {
                throw new PickleCheckpointException(
                    PickleCheckpointError.MissingStorage, $"the entry ends at byte {openPosition}", filePath, $"{prefix}/data/{key}");
            }

            destination = destination[read..];
            openPosition += read;
        }
    }
}
