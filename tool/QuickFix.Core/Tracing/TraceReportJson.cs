using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using QuickFix.Checkpoints;

namespace QuickFix.Tracing;

/// <summary>
/// <c>trace.json</c>: a <see cref="TraceReport"/> as indented camelCase JSON with kebab-case enum names. Every number
/// is written (doubles in their shortest round-trip form); undefined effects are <c>null</c>.
/// </summary>
public static class TraceReportJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    /// <summary>The report as JSON text.</summary>
    public static string Serialize(TraceReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return JsonSerializer.Serialize(report, Options);
    }

    /// <summary>A report read back from <see cref="Serialize"/>'s text.</summary>
    /// <exception cref="JsonException">The text is not a trace report.</exception>
    public static TraceReport Deserialize(string json) =>
        JsonSerializer.Deserialize<TraceReport>(json, Options) ?? throw new JsonException("The JSON text is null, not a trace report.");

    /// <summary>Writes the report to <paramref name="path"/> (UTF-8, no BOM) atomically.</summary>
    public static void Write(string path, TraceReport report)
    {
        var bytes = new UTF8Encoding(false).GetBytes(Serialize(report) + "\n");
        AtomicFile.Write(path, stream =>
        {
            stream.Write(bytes);
            return bytes.Length;
        });
    }
}
