using System.Text.Json;
using System.Text.Json.Serialization;

namespace QuickFix.Checkpoints.Layouts;

/// <summary>
/// diffusers config fields such as <c>attention_head_dim</c> and <c>transformer_layers_per_block</c> hold either one
/// number (applied to every block) or one number per block. Reads both; writes a one-element list back as the number,
/// so SD 1.5's <c>8</c> and SD 2.1's <c>[5, 10, 20, 20]</c> both round-trip in their original spelling.
/// </summary>
internal sealed class ScalarOrListJsonConverter : JsonConverter<IReadOnlyList<int>>
{
    public override IReadOnlyList<int> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            return [reader.GetInt32()];
        }

        return JsonSerializer.Deserialize<int[]>(ref reader, options)
            ?? throw new JsonException("Expected a number or an array of numbers.");
    }

    public override void Write(Utf8JsonWriter writer, IReadOnlyList<int> value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        if (value.Count == 1)
        {
            writer.WriteNumberValue(value[0]);
            return;
        }

        writer.WriteStartArray();
        foreach (var item in value)
        {
            writer.WriteNumberValue(item);
        }

        writer.WriteEndArray();
    }
}
