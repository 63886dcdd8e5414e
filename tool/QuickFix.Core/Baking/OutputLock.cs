using System.Diagnostics;
using System.Globalization;

namespace QuickFix.Baking;

/// <summary>
/// The exclusive right to replace one output: an OS lock on <c>.&lt;name&gt;.lock</c> beside the output, held from
/// before its staging folder is made until the new output is in place. The kernel drops the lock when its process
/// dies, so a lock file left by a killed run never blocks anyone; the file itself stays (deleting a lock file while
/// another process waits on it would let two runs hold "the" lock at once). It holds the holder's process id, so a
/// waiting run can say whom it waits for.
/// </summary>
/// <remarks>
/// On Linux and macOS the lock is flock(2), taken on the open file (as .NET's <see cref="FileShare.None"/> does,
/// taken here explicitly too so that <c>DOTNET_SYSTEM_IO_DISABLEFILELOCKING</c> cannot turn it off). flock belongs
/// to the open file, not the process: two bakes on threads of one process exclude each other like two processes.
/// On Windows the exclusive share mode is the lock.
/// </remarks>
public sealed class OutputLock : IDisposable
{
    /// <summary>How long a bake waits for another bake of the same output by default (<c>--lock-timeout</c>).</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(10);

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);

    private readonly FileStream stream;

    private OutputLock(string path, FileStream stream)
    {
        Path = path;
        this.stream = stream;
    }

    /// <summary>The lock file.</summary>
    public string Path { get; }

    /// <summary>The lock file of an output: <c>.&lt;name&gt;.lock</c> in the output's folder.</summary>
    public static string PathFor(string outputPath)
    {
        var full = System.IO.Path.GetFullPath(outputPath).TrimEnd(System.IO.Path.DirectorySeparatorChar);
        return System.IO.Path.Combine(System.IO.Path.GetDirectoryName(full)!, $".{System.IO.Path.GetFileName(full)}.lock");
    }

    /// <summary>
    /// Takes the lock of <paramref name="outputPath"/>, waiting up to <paramref name="timeout"/> while another run
    /// holds it; <paramref name="onWait"/> hears once that the wait began and for whom.
    /// </summary>
    /// <exception cref="BakeException">QF1008: still held after <paramref name="timeout"/>.</exception>
    public static OutputLock Acquire(string outputPath, TimeSpan timeout, Action<string>? onWait = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(outputPath);
        var output = System.IO.Path.GetFullPath(outputPath).TrimEnd(System.IO.Path.DirectorySeparatorChar);
        var path = PathFor(output);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        var clock = Stopwatch.StartNew();
        var announced = false;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (TryTake(path) is { } stream)
            {
                return new OutputLock(path, stream);
            }

            var holder = Holder(path);
            if (clock.Elapsed >= timeout)
            {
                throw new BakeException(
                    "QF1008",
                    $"another bake ({holder}) holds the lock on this output ({path}) and still held it after {timeout.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture)} s; "
                    + "wait for it, or raise --lock-timeout (MSBuild: QuickFixLockTimeout)",
                    output,
                    isInputError: false);
            }

            if (!announced)
            {
                announced = true;
                onWait?.Invoke($"waiting for the lock on {output} held by {holder} (up to {timeout.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture)} s)");
            }

            cancellationToken.WaitHandle.WaitOne(PollInterval);
        }
    }

    /// <summary>Releases the lock (closing the file is what releases it; a killed process releases it the same way).</summary>
    public void Dispose() => stream.Dispose();

    private static FileStream? TryTake(string path)
    {
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, bufferSize: 0);
        }
        catch (IOException exception) when (IsHeldElsewhere(exception))
        {
            return null;
        }

        if (!OperatingSystem.IsWindows() && !UnixFiles.TryLockExclusive(stream.SafeFileHandle))
        {
            stream.Dispose();
            return null;
        }

        var pid = System.Text.Encoding.ASCII.GetBytes($"{Environment.ProcessId}\n");
        stream.SetLength(0);
        stream.Write(pid);
        stream.Flush();
        return stream;
    }

    /// <summary>
    /// The open failed because another open file holds the lock: .NET reports flock's EWOULDBLOCK as the HResult on
    /// Unix, and a sharing or lock violation (0x80070020, 0x80070021) on Windows. Anything else is a real error.
    /// </summary>
    private static bool IsHeldElsewhere(IOException exception) =>
        OperatingSystem.IsWindows()
            ? exception.HResult is unchecked((int)0x80070020) or unchecked((int)0x80070021)
            : exception.HResult == UnixFiles.WouldBlock;

    private static string Holder(string path) =>
        !OperatingSystem.IsWindows() && UnixFiles.ReadHead(path, 32) is { } text && int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
            ? $"pid {pid}"
            : "another process";
}
