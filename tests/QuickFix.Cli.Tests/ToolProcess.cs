using System.Diagnostics;
using System.Text;

namespace QuickFix.Tests;

/// <summary>
/// <c>quickfix</c> as a separate process (the built <c>quickfix.dll</c> beside the tests, run by the dotnet host), for
/// what in-process runs cannot show: a SIGKILL, a lock held by another process, a full disk.
/// </summary>
internal sealed class ToolProcess : IDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();
    private readonly StringBuilder error = new();

    private ToolProcess(Process process)
    {
        this.process = process;
    }

    public static string Host => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";

    public static string Dll => Path.Combine(AppContext.BaseDirectory, "quickfix.dll");

    public int Id => process.Id;

    /// <summary>Starts <c>dotnet quickfix.dll ARGS</c> with extra environment variables.</summary>
    public static ToolProcess Start(IReadOnlyDictionary<string, string>? environment, params string[] arguments)
    {
        var start = new ProcessStartInfo(Host)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Dll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var tool = new ToolProcess(new Process { StartInfo = start });
        tool.process.OutputDataReceived += (_, e) => Append(tool.output, e.Data);
        tool.process.ErrorDataReceived += (_, e) => Append(tool.error, e.Data);
        tool.process.Start();
        tool.process.BeginOutputReadLine();
        tool.process.BeginErrorReadLine();
        return tool;
    }

    /// <summary>Runs to the end and returns exit code, standard output and standard error.</summary>
    public static (int ExitCode, string Output, string Error) Run(IReadOnlyDictionary<string, string>? environment, params string[] arguments)
    {
        using var tool = Start(environment, arguments);
        return (tool.WaitForExit(), tool.Output, tool.Error);
    }

    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    public string Error
    {
        get
        {
            lock (error)
            {
                return error.ToString();
            }
        }
    }

    /// <summary>Waits (up to two minutes) until standard output or error holds <paramref name="text"/>; false if the process ended first.</summary>
    public bool WaitFor(string text)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromMinutes(2))
        {
            if (Output.Contains(text, StringComparison.Ordinal) || Error.Contains(text, StringComparison.Ordinal))
            {
                return true;
            }

            if (process.HasExited)
            {
                // The process may have printed the text just before exiting: wait for its output to be read to the end.
                process.WaitForExit();
                return Output.Contains(text, StringComparison.Ordinal) || Error.Contains(text, StringComparison.Ordinal);
            }

            Thread.Sleep(10);
        }

        return false;
    }

    /// <summary>SIGKILL: no clean-up of any kind runs in the process.</summary>
    public void Kill() => process.Kill();

    public int WaitForExit()
    {
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"quickfix ran over 3 minutes:\n{Output}\n{Error}");
        }

        process.WaitForExit();
        return process.ExitCode;
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        process.Dispose();
    }

    private static void Append(StringBuilder text, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (text)
        {
            text.AppendLine(line);
        }
    }
}
