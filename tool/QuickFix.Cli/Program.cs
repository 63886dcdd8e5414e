using QuickFix.Cli;
using Spectre.Console;

var console = new CliConsole(AnsiConsole.Console, Console.Out, Console.Error);
return await QuickFixCommandLine.RunAsync(args, console).ConfigureAwait(false);
