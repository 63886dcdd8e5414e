using QuickFix.Cli;
using Spectre.Console.Testing;

namespace QuickFix.Tests;

/// <summary>Runs <c>quickfix</c> in process with captured standard output, standard error and console.</summary>
internal sealed record CliRun(int ExitCode, string Output, string Error, string Human)
{
    public static CliRun Of(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var human = new TestConsole().Width(200);
        var exitCode = QuickFixCommandLine.RunAsync(args, new CliConsole(human, output, error)).GetAwaiter().GetResult();
        return new CliRun(exitCode, output.ToString(), error.ToString(), human.Output);
    }
}
