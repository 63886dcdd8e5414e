using Microsoft.Win32.SafeHandles;

namespace QuickFix.Checkpoints;

/// <summary>The data buffer of a safetensors file on disk: positional reads (<see cref="RandomAccess"/>) after its header.</summary>
internal sealed class FileTensorData(SafeFileHandle handle, long dataOffset, string path) : ITensorDataSource
{
    public void Read(long dataPosition, Span<byte> destination) => ReadExactly(handle, destination, dataOffset + dataPosition, path);

    /// <summary>The open file (for kernel-side copies of its ranges).</summary>
    public SafeFileHandle Handle => handle;

    /// <summary>Where the data buffer starts in the file.</summary>
    public long DataOffset => dataOffset;

    public void Dispose() => handle.Dispose();

    internal static void ReadExactly(SafeFileHandle handle, Span<byte> destination, long fileOffset, string path)
    {
        while (!destination.IsEmpty)
        {
            var read = RandomAccess.Read(handle, destination, fileOffset);
            if (read == 0)
            {
                // The header was validated against the length at open time, so the file shrank while open.
                throw new EndOfStreamException($"{path} ended at byte {fileOffset}; was it changed while open?");
            }

            destination = destination[read..];
            fileOffset += read;
        }
    }
}
