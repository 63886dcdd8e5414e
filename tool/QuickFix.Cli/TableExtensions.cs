using Spectre.Console;

namespace QuickFix.Cli;

/// <summary>Table defaults for output that CI logs read as plain text.</summary>
internal static class TableExtensions
{
    /// <summary>ASCII-safe borders where the terminal cannot draw box characters (Spectre falls back by itself too).</summary>
    public static Table UseSafeBorder(this Table table)
    {
        ArgumentNullException.ThrowIfNull(table);
        table.SafeBorder();
        return table;
    }
}
