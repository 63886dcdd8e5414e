using System.Diagnostics;
using QuickFix.Baking;

namespace QuickFix.Cli;

/// <summary>
/// Test-only: <c>QUICKFIX_TEST_CRASH_AT=&lt;step&gt;:&lt;n&gt;</c> (a <see cref="CommitStep"/> name and a 1-based count)
/// makes <c>apply</c> kill its own process with SIGKILL right after the n-th time it reaches that step of replacing
/// its output, so the crash-safety tests can crash a real process at every step, deterministically.
/// </summary>
internal static class CrashTestHook
{
    public const string Variable = "QUICKFIX_TEST_CRASH_AT";

    /// <summary>The observer the variable asks for; null when it is not set.</summary>
    /// <exception cref="ArgumentException">The variable is set but names no step.</exception>
    public static CommitObserver? FromEnvironment()
    {
        var value = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        var parts = value.Split(':');
        if (parts.Length != 2 || !Enum.TryParse<CommitStep>(parts[0], ignoreCase: true, out var step)
            || !int.TryParse(parts[1], System.Globalization.CultureInfo.InvariantCulture, out var count) || count < 1)
        {
            throw new ArgumentException($"{Variable}='{value}': expected <step>:<n>, a step among {string.Join(", ", Enum.GetNames<CommitStep>())} and n >= 1");
        }

        var seen = 0;
        return (reached, _) =>
        {
            if (reached == step && ++seen == count)
            {
                // SIGKILL on Unix: no finally block, no clean-up, exactly a crash.
                Process.GetCurrentProcess().Kill();
                Thread.Sleep(Timeout.Infinite);
            }

            return true;
        };
    }
}
