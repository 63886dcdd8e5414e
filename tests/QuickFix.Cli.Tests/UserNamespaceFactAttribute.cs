using System.Diagnostics;

namespace QuickFix.Tests;

/// <summary>
/// A test that mounts a file system in a user namespace (<c>unshare -rm</c>): it runs where the kernel lets an
/// unprivileged user do that (Linux with user namespaces enabled, as on this project's CI and Debian/Ubuntu
/// defaults), and is reported as skipped elsewhere.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class UserNamespaceFactAttribute : FactAttribute
{
    public UserNamespaceFactAttribute()
    {
        if (!CanMountInUserNamespace())
        {
            Skip = "needs `unshare -rm` (Linux user namespaces) to mount a small tmpfs";
        }
    }

    private static bool CanMountInUserNamespace()
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            var probe = Directory.CreateTempSubdirectory("quickfix-userns-");
            try
            {
                var start = new ProcessStartInfo("unshare", ["-rm", "mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", probe.FullName])
                {
                    RedirectStandardOutput = true,
                    RedirectStandardError = true,
                };
                using var process = Process.Start(start)!;
                return process.WaitForExit(10_000) && process.ExitCode == 0;
            }
            finally
            {
                probe.Delete();
            }
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
