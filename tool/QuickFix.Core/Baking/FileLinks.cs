using System.Runtime.InteropServices;

namespace QuickFix.Baking;

/// <summary>
/// Puts an untouched base file into an output: a hard link where the file system allows it (no bytes copied; a
/// multi-GB UNet costs nothing), else a copy. Outputs are only ever replaced by rename, never written in place, so
/// a link can never carry a change back into the base model.
/// </summary>
internal static partial class FileLinks
{
    /// <summary>Links or copies <paramref name="source"/> to <paramref name="destination"/>; returns true when linked.</summary>
    public static bool LinkOrCopy(string source, string destination)
    {
        if (!OperatingSystem.IsWindows() && link(source, destination) == 0)
        {
            return true;
        }

        File.Copy(source, destination, overwrite: false);
        return false;
    }

    // .NET has no hard-link API; link(2) is POSIX.
    [LibraryImport("libc", EntryPoint = "link", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int link(string existingPath, string newPath);
}
