using System.Text.Json;

namespace QuickFix.Checkpoints;

/// <summary>
/// Remembers the hashes of large, unchanging base files (a 3.4 GB UNet takes seconds to hash), keyed by full path,
/// size and last-write time, so a rebuild hashes only what it writes. One small JSON file per hashed file, written
/// atomically, so parallel builds never corrupt the cache; a stale or unreadable entry is simply recomputed.
/// </summary>
public sealed class FileHashCache
{
    private readonly string folder;

    public FileHashCache(string folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        this.folder = folder;
    }

    /// <summary>The hashes of <paramref name="path"/>, from the cache when the file is unchanged, else computed and cached.</summary>
    public FileHashes Get(string path, long dataOffset, CancellationToken cancellationToken = default)
    {
        var info = new FileInfo(Path.GetFullPath(path));
        var key = new Key(info.FullName, info.Length, info.LastWriteTimeUtc.Ticks, dataOffset);
        var entry = EntryPath(key);
        if (TryRead(entry, key) is { } cached)
        {
            return cached;
        }

        var hashes = CheckpointHasher.HashFile(info.FullName, dataOffset, cancellationToken);
        Directory.CreateDirectory(folder);
        AtomicFile.Write(entry, stream =>
        {
            JsonSerializer.Serialize(stream, new Entry(key, hashes));
            return 0;
        });
        return hashes;
    }

    /// <summary>The per-tensor fingerprints of <paramref name="file"/>, from the cache when the file is unchanged.</summary>
    public IReadOnlyDictionary<string, string> GetTensorDigests(SafetensorsFile file, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(file);
        var info = new FileInfo(file.Path);
        var key = new Key(info.FullName, info.Length, info.LastWriteTimeUtc.Ticks, -1);
        var entry = Path.ChangeExtension(EntryPath(key), ".tensors.json");
        try
        {
            using var stream = File.OpenRead(entry);
            var stored = JsonSerializer.Deserialize<DigestEntry>(stream);
            if (stored is not null && stored.Key == key)
            {
                return stored.Digests;
            }
        }
        catch (Exception exception) when (exception is IOException or JsonException or UnauthorizedAccessException)
        {
        }

        var digests = TensorDigests.Of(file, cancellationToken);
        Directory.CreateDirectory(folder);
        AtomicFile.Write(entry, stream =>
        {
            JsonSerializer.Serialize(stream, new DigestEntry(key, new SortedDictionary<string, string>(digests.ToDictionary(), StringComparer.Ordinal)));
            return 0;
        });
        return digests;
    }

    private string EntryPath(Key key)
    {
        var name = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key.Path)))[..32];
        return Path.Combine(folder, name + ".json");
    }

    private static FileHashes? TryRead(string entry, Key key)
    {
        try
        {
            using var stream = File.OpenRead(entry);
            var stored = JsonSerializer.Deserialize<Entry>(stream);
            return stored is not null && stored.Key == key ? stored.Hashes : null;
        }
        catch (Exception exception) when (exception is IOException or JsonException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private sealed record Key(string Path, long Size, long LastWriteTicks, long DataOffset);

    private sealed record Entry(Key Key, FileHashes Hashes);

    private sealed record DigestEntry(Key Key, SortedDictionary<string, string> Digests);
}
