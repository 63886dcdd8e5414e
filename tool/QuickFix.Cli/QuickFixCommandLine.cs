using System.CommandLine;
using QuickFix.Cli.Commands;

namespace QuickFix.Cli;

/// <summary>The <c>dotnet quickfix</c> command tree; every command is a thin adapter over QuickFix.Core.</summary>
internal static class QuickFixCommandLine
{
    /// <summary>Builds the root command with every subcommand.</summary>
    public static RootCommand Build(CliConsole console)
    {
        var root = new RootCommand("QuickFix.Build: closed-form concept edits (DIFF-QUICKFIX) baked into Stable Diffusion checkpoints.")
        {
            SynthCommand.Create(console),
            InspectCommand.Create(console),
            ConvertCommand.Create(console),
            TokenizeCommand.Create(console),
            EncodeCommand.Create(console),
            ApplyCommand.Create(console),
            VerifyCommand.Create(console),
            TraceCommand.Create(console),
            GenerateCommand.Create(console),
            DemoDataCommand.Create(console),
            TrainDemoCommand.Create(console),
            EvaluateCommand.Create(console),
        };
        return root;
    }

    /// <summary>Parses and runs <paramref name="args"/>; returns the process exit code.</summary>
    public static async Task<int> RunAsync(string[] args, CliConsole console, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(console);
        var parsed = Build(console).Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
            {
                await console.Error.WriteLineAsync($"error QF0001: {error.Message}").ConfigureAwait(false);
            }

            return ExitCodes.InputError;
        }

        var configuration = new InvocationConfiguration { Output = console.Output, Error = console.Error, EnableDefaultExceptionHandler = false };
        try
        {
            return await parsed.InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
        }
        catch (QuickFixException exception)
        {
            return console.ReportError(exception);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            await console.Error.WriteLineAsync($"error QF0002: {exception.Message}").ConfigureAwait(false);
            return ExitCodes.InputError;
        }
    }
}
