using System.Globalization;
using System.Text.RegularExpressions;

namespace QuickFix.Build.Tasks;

/// <summary>
/// One error or warning line the <c>quickfix</c> tool wrote to standard error, in the canonical form MSBuild and
/// compilers use: <c>path(line,col): error QF0102: message</c>, <c>path: error QF0501: message</c>,
/// <c>error QF0001: message</c> or <c>path: warning: message</c> (tool/QuickFix.Cli/CliConsole.cs writes them).
/// </summary>
/// <remarks>
/// Parsed here rather than through <c>TaskLoggingHelper.LogMessageFromText</c> so that only the tool's own, documented
/// shape becomes an error (a progress line that happens to contain "error:" stays a message) and the mapping is
/// testable without an MSBuild engine.
/// </remarks>
internal sealed class ToolDiagnostic
{
    private static readonly Regex Shape = new(
        @"^(?:(?<file>.+?)(?:\((?<line>\d+)(?:,(?<column>\d+))?\))?: )?(?<severity>error|warning)(?: (?<code>QF\d{4}))?: (?<message>.*)$",
        RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture);

    private ToolDiagnostic(bool isError, string? file, int line, int column, string? code, string message)
    {
        IsError = isError;
        File = file;
        Line = line;
        Column = column;
        Code = code;
        Message = message;
    }

    /// <summary>True for an error, false for a warning.</summary>
    public bool IsError { get; }

    /// <summary>The file the message is about, as the tool wrote it; null when it names none.</summary>
    public string? File { get; }

    /// <summary>1-based line, or 0 when the message has no place in the file.</summary>
    public int Line { get; }

    /// <summary>1-based column, or 0 when the message has no column.</summary>
    public int Column { get; }

    /// <summary>The stable <c>QF####</c> code (README, "Error codes"); null for uncoded warnings.</summary>
    public string? Code { get; }

    /// <summary>The message text.</summary>
    public string Message { get; }

    /// <summary>Reads <paramref name="text"/> as a diagnostic line; false when it is anything else.</summary>
    public static bool TryParse(string? text, out ToolDiagnostic? diagnostic)
    {
        diagnostic = null;
        if (text is null)
        {
            return false;
        }

        var match = Shape.Match(text.TrimEnd());
        if (!match.Success)
        {
            return false;
        }

        var file = match.Groups["file"];
        var code = match.Groups["code"];
        diagnostic = new ToolDiagnostic(
            match.Groups["severity"].Value == "error",
            file.Success ? file.Value : null,
            Number(match.Groups["line"]),
            Number(match.Groups["column"]),
            code.Success ? code.Value : null,
            match.Groups["message"].Value);
        return true;
    }

    private static int Number(Group group) =>
        group.Success && int.TryParse(group.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : 0;
}
