using System.Text;

namespace QuickFix.Checkpoints.Pickle;

/// <summary>Opens a <c>torch.save</c> file in either of its formats, telling them apart by their first bytes.</summary>
internal static class TorchCheckpointFile
{
    /// <summary>Unpickles <paramref name="path"/>'s object (admitted globals only) and keeps its storages open, unread.</summary>
    /// <exception cref="PickleCheckpointException">The file is no <c>torch.save</c> checkpoint, or its pickle is refused.</exception>
    public static TorchCheckpointContents Open(string path, CancellationToken cancellationToken)
    {
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, bufferSize: 1 << 16);
        try
        {
            var head = new byte[Math.Min(stream.Length, 512)];
            stream.ReadExactly(head);
            stream.Position = 0;
            if (head is [(byte)'P', (byte)'K', 3, 4, ..] or [(byte)'P', (byte)'K', 5, 6, ..])
            {
                return TorchZipFormat.Open(path, stream, cancellationToken);
            }

            if (head is [0x80, ..])
            {
                return TorchLegacyFormat.Open(path, stream, cancellationToken);
            }

            var tar = head.Length >= 262 && Encoding.ASCII.GetString(head, 257, 5) == "ustar";
            throw new PickleCheckpointException(
                PickleCheckpointError.UnknownContainer,
                tar
                    ? "a tar archive: the format of PyTorch before 0.4, which this reader does not read; re-save it with a current PyTorch"
                    : "not a PyTorch checkpoint: expected a zip archive (torch.save since PyTorch 1.6) or a pickle stream (older torch.save)",
                path);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }
}
