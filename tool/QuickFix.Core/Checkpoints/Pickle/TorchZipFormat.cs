using System.IO.Compression;
using System.Text;

namespace QuickFix.Checkpoints.Pickle;

/// <summary>
/// <c>torch.save</c>'s zip format (the default since PyTorch 1.6): one top folder holding <c>data.pkl</c> (the pickle,
/// whose persistent ids name storages), <c>data/&lt;key&gt;</c> (each storage's raw bytes), <c>version</c> and, since
/// PyTorch 1.13, <c>byteorder</c>.
/// </summary>
internal static class TorchZipFormat
{
    /// <summary>The most a <c>data.pkl</c> may hold: SD checkpoints' are well under a megabyte.</summary>
    private const long MaxPickleBytes = 256L << 20;

    /// <summary>Reads the pickle of the archive on <paramref name="stream"/> (which it then owns); storages stay unread.</summary>
    public static TorchCheckpointContents Open(string path, FileStream stream, CancellationToken cancellationToken)
    {
        ZipArchive archive;
        try
        {
            archive = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: false);
        }
        catch (InvalidDataException exception)
        {
            stream.Dispose();
            throw new PickleCheckpointException(PickleCheckpointError.UnknownContainer, $"not a readable zip archive: {exception.Message}", path);
        }

        try
        {
            const string PickleName = "/data.pkl";
            var pickles = archive.Entries
                .Where(e => e.FullName.EndsWith(PickleName, StringComparison.Ordinal) && e.FullName.IndexOf('/', StringComparison.Ordinal) == e.FullName.Length - PickleName.Length)
                .ToArray();
            if (pickles.Length != 1)
            {
                throw new PickleCheckpointException(
                    PickleCheckpointError.UnknownContainer,
                    $"a PyTorch archive holds one '<name>/data.pkl'; this zip holds {pickles.Length}: it is not a torch.save checkpoint",
                    path);
            }

            var pickle = pickles[0];
            var prefix = pickle.FullName[..^PickleName.Length];
            CheckByteOrder(archive, prefix, path);
            if (pickle.Length > MaxPickleBytes)
            {
                throw new PickleCheckpointException(
                    PickleCheckpointError.MalformedPickle, $"the pickle is {pickle.Length} bytes; at most {MaxPickleBytes} are read", path, pickle.FullName);
            }

            using var memory = new MemoryStream((int)pickle.Length);
            try
            {
                using var entry = pickle.Open();
                entry.CopyTo(memory);
            }
            catch (InvalidDataException exception)
            {
                throw new PickleCheckpointException(
                    PickleCheckpointError.MalformedPickle, $"the entry cannot be read: {exception.Message}", path, pickle.FullName);
            }

            memory.Position = 0;
            var root = RestrictedUnpickler.Load(memory, path, pickle.FullName, StorageIds.Resolve, cancellationToken);
            return new TorchCheckpointContents("zip", root, new ZipStorages(archive, prefix, path));
        }
        catch
        {
            archive.Dispose();
            throw;
        }
    }

    private static void CheckByteOrder(ZipArchive archive, string prefix, string path)
    {
        if (archive.GetEntry($"{prefix}/byteorder") is not { Length: < 16 } entry)
        {
            return;
        }

        using var reader = new StreamReader(entry.Open(), Encoding.ASCII);
        var order = reader.ReadToEnd().Trim();
        if (order != "little")
        {
            throw new PickleCheckpointException(
                PickleCheckpointError.UnsupportedTensor, $"the storages are '{order}'-endian; only little-endian checkpoints are read", path, entry.FullName);
        }
    }
}
