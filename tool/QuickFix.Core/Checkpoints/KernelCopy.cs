using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace QuickFix.Checkpoints;

/// <summary>
/// Copies a byte range from one file to another inside the kernel with Linux's <c>copy_file_range(2)</c>, as
/// coreutils' <c>cp</c> does: the bytes never pass through user memory (and a file system that can share extents
/// shares them). Hand-written P/Invoke because .NET exposes no such call for a range of an open file.
/// </summary>
internal static partial class KernelCopy
{
    private const int NotImplemented = 38; // ENOSYS
    private const int CrossDevice = 18; // EXDEV
    private const int InvalidArgument = 22; // EINVAL
    private const int NotSupported = 95; // EOPNOTSUPP

    /// <summary>
    /// Copies <paramref name="length"/> bytes; false (nothing copied) where the call is unavailable or refused for this
    /// pair of files, so the caller copies through memory instead.
    /// </summary>
    /// <exception cref="IOException">The copy failed after it had started (a full disk, say), naming the destination.</exception>
    public static bool TryCopy(
        SafeFileHandle source, long sourceOffset, SafeFileHandle destination, long destinationOffset, long length, string destinationPath, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        bool sourceAdded = false, destinationAdded = false;
        try
        {
            source.DangerousAddRef(ref sourceAdded);
            destination.DangerousAddRef(ref destinationAdded);
            var input = (int)source.DangerousGetHandle();
            var output = (int)destination.DangerousGetHandle();
            var started = false;
            while (length > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var copied = (long)CopyFileRange(input, ref sourceOffset, output, ref destinationOffset, (nuint)Math.Min(length, 1L << 30), 0);
                if (copied < 0)
                {
                    var error = Marshal.GetLastPInvokeError();
                    if (!started && error is NotImplemented or CrossDevice or InvalidArgument or NotSupported)
                    {
                        return false;
                    }

                    throw new IOException($"Copying into {destinationPath} failed at byte {destinationOffset}: {Marshal.GetPInvokeErrorMessage(error)}.", error);
                }

                if (copied == 0)
                {
                    throw new EndOfStreamException($"The source ended before byte {sourceOffset} while copying into {destinationPath}; was it changed while open?");
                }

                started = true;
                length -= copied;
            }

            return true;
        }
        finally
        {
            if (sourceAdded)
            {
                source.DangerousRelease();
            }

            if (destinationAdded)
            {
                destination.DangerousRelease();
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "copy_file_range", SetLastError = true)]
    private static partial nint CopyFileRange(int inputDescriptor, ref long inputOffset, int outputDescriptor, ref long outputOffset, nuint length, uint flags);
}
