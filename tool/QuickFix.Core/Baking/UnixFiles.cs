using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace QuickFix.Baking;

/// <summary>
/// The POSIX calls the output lock and the base-model guard need and .NET does not offer: flock(2) on an open file,
/// reading a file that another process holds locked, realpath(3), a file's device and inode, fsync(2) of a folder.
/// Callers use them only where <see cref="OperatingSystem.IsWindows"/> is false.
/// </summary>
internal static partial class UnixFiles
{
    private const int LockExclusive = 2;
    private const int LockNonBlocking = 4;

    /// <summary>errno EWOULDBLOCK: Linux 11, the BSDs and macOS 35.</summary>
    public static int WouldBlock => OperatingSystem.IsLinux() ? 11 : 35;

    /// <summary>
    /// Takes an exclusive flock(2) on <paramref name="handle"/> without waiting. False only when another open file
    /// holds one; a file system without flock (some network mounts) counts as locked by us, as .NET's own
    /// FileShare.None treats it.
    /// </summary>
    public static bool TryLockExclusive(SafeFileHandle handle)
    {
        var added = false;
        handle.DangerousAddRef(ref added);
        try
        {
            return flock((int)handle.DangerousGetHandle(), LockExclusive | LockNonBlocking) == 0
                || Marshal.GetLastPInvokeError() != WouldBlock;
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    /// <summary>
    /// The first bytes of a file as text, read with plain open(2)/read(2): .NET's own open takes a flock and so
    /// cannot read a file that another process holds locked. Null when it cannot be read.
    /// </summary>
    public static unsafe string? ReadHead(string path, int maxBytes)
    {
        var fd = open(path, 0);
        if (fd < 0)
        {
            return null;
        }

        try
        {
            var buffer = stackalloc byte[maxBytes];
            var count = read(fd, buffer, maxBytes);
            return count < 0 ? null : System.Text.Encoding.UTF8.GetString(buffer, (int)count);
        }
        finally
        {
            _ = close(fd);
        }
    }

    /// <summary>realpath(3): the absolute path with every symbolic link resolved; null when the path does not exist.</summary>
    public static string? RealPath(string path)
    {
        var resolved = realpath(path, 0);
        if (resolved == 0)
        {
            return null;
        }

        try
        {
            return Marshal.PtrToStringUTF8(resolved);
        }
        finally
        {
            free(resolved);
        }
    }

    /// <summary>
    /// (device, inode) of a path, following links; null where unknown. Read from the two leading 64-bit fields of
    /// struct stat, which is their place in both Linux ABIs .NET runs on (x64, arm64); nowhere else is it used.
    /// </summary>
    public static unsafe (ulong Device, ulong Inode)? Identity(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        var buffer = stackalloc ulong[64];
        try
        {
            return stat(path, buffer) == 0 ? (buffer[0], buffer[1]) : null;
        }
        catch (EntryPointNotFoundException)
        {
            // glibc before 2.33 exports stat only as __xstat.
            return null;
        }
    }

    /// <summary>fsync(2) of a folder, so the renames inside it survive a power cut; best effort.</summary>
    public static void SyncFolder(string folder)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var fd = open(folder, 0);
        if (fd >= 0)
        {
            _ = fsync(fd);
            _ = close(fd);
        }
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int flock(int fd, int operation);

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int open(string path, int flags);

    [LibraryImport("libc", SetLastError = true)]
    private static unsafe partial nint read(int fd, byte* buffer, nint count);

    [LibraryImport("libc")]
    private static partial int close(int fd);

    [LibraryImport("libc")]
    private static partial int fsync(int fd);

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint realpath(string path, nint resolved);

    [LibraryImport("libc")]
    private static partial void free(nint pointer);

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int stat(string path, ulong* buffer);
}
