using System.Text.Json;
using System.Text.Json.Nodes;

namespace QuickFix.Checkpoints.Layouts;

/// <summary>
/// Reads and writes the architecture config records in the spelling of diffusers' and transformers' config files:
/// snake_case keys (from the records' <c>JsonPropertyName</c>s), keys sorted and two-space indentation, as both
/// libraries write them (<c>json.dumps(..., indent=2, sort_keys=True)</c>).
/// </summary>
public static class DiffusersConfigJson
{
    private static readonly JsonSerializerOptions ReadOptions = new()
    {
        AllowTrailingCommas = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowReadingFromString,
    };

    private static readonly JsonSerializerOptions WriteOptions = new() { WriteIndented = true, IndentSize = 2 };

    /// <summary>Serializes <paramref name="config"/> to a config.json text.</summary>
    public static string Serialize<T>(T config)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(config);
        var node = JsonSerializer.SerializeToNode(config) ?? throw new InvalidOperationException("Config serialized to null.");
        return Write(node);
    }

    /// <summary>Parses a config.json text; keys the record does not model are ignored.</summary>
    public static T Deserialize<T>(string json)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(json);
        return JsonSerializer.Deserialize<T>(json, ReadOptions)
            ?? throw new JsonException($"The config JSON is null, expected a {typeof(T).Name} object.");
    }

    /// <summary>Writes <paramref name="node"/> with every object's keys sorted ordinally.</summary>
    internal static string Write(JsonNode node) => Sorted(node)?.ToJsonString(WriteOptions) ?? "null";

    private static JsonNode? Sorted(JsonNode? node) => node switch
    {
        JsonObject obj => new JsonObject(obj
            .OrderBy(pair => pair.Key, StringComparer.Ordinal)
            .Select(pair => KeyValuePair.Create(pair.Key, Sorted(pair.Value)))),
        JsonArray array => new JsonArray([.. array.Select(Sorted)]),
        null => null,
        _ => node.DeepClone(),
    };
}
