using System.Text.Json;
using System.Text.Json.Serialization;
using Spectre.Console;

namespace QuickFix.Cli;

/// <summary>
/// Where a command writes: a Spectre console for people, the raw standard output for <c>--json</c>, and standard
/// error for diagnostics. Tests pass their own writers.
/// </summary>
internal sealed class CliConsole
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    public CliConsole(IAnsiConsole human, TextWriter output, TextWriter error)
    {
        Human = human;
        Output = output;
        Error = error;
    }

    /// <summary>Tables, progress and colours; plain text where the terminal is not interactive.</summary>
    public IAnsiConsole Human { get; }

    /// <summary>Standard output: machine-readable JSON with <c>--json</c>.</summary>
    public TextWriter Output { get; }

    /// <summary>Standard error: one line per problem.</summary>
    public TextWriter Error { get; }

    /// <summary>Writes <paramref name="value"/> as indented camelCase JSON on standard output.</summary>
    public void WriteJson<T>(T value)
    {
        Output.WriteLine(JsonSerializer.Serialize(value, JsonOptions));
    }

    /// <summary>Writes an engine error in the canonical one-line form and returns its exit code.</summary>
    public int ReportError(QuickFixException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var place = exception.FilePath is null
            ? string.Empty
            : exception.Line is int line
                ? $"{exception.FilePath}({line},{exception.Column ?? 1}): "
                : $"{exception.FilePath}: ";
        Error.WriteLine($"{place}error {exception.Code}: {exception.Message}");
        return exception.IsInputError ? ExitCodes.InputError : ExitCodes.GateFailed;
    }
}
