using System.Buffers;
using System.Globalization;
using System.Text;

namespace QuickFix.Checkpoints;

/// <summary>
/// Serializes a safetensors header the way the safetensors crate does (serde_json, compact): <c>__metadata__</c>
/// first, then the tensors in data order, each as <c>{"dtype":..,"shape":[..],"data_offsets":[b,e]}</c>, then space
/// padding to a multiple of 8 bytes so that the data starts 8-byte aligned (algorithm.md §5).
/// </summary>
internal static class SafetensorsHeaderWriter
{
    internal static byte[] Write(IEnumerable<KeyValuePair<string, string>> metadata, IEnumerable<TensorInfo> tensorsInDataOrder)
    {
        var json = new ArrayBufferWriter<byte>();
        Append(json, "{");
        var first = true;
        using (var items = metadata.GetEnumerator())
        {
            if (items.MoveNext())
            {
                AppendString(json, SafetensorsHeaderParser.MetadataKey);
                Append(json, ":{");
                var firstItem = true;
                do
                {
                    Append(json, firstItem ? string.Empty : ",");
                    AppendString(json, items.Current.Key);
                    Append(json, ":");
                    AppendString(json, items.Current.Value);
                    firstItem = false;
                }
                while (items.MoveNext());

                Append(json, "}");
                first = false;
            }
        }

        foreach (var tensor in tensorsInDataOrder)
        {
            Append(json, first ? string.Empty : ",");
            AppendString(json, tensor.Name);
            Append(json, ":{\"dtype\":");
            AppendString(json, tensor.DType.ToName());
            Append(json, ",\"shape\":[");
            Append(json, string.Join(',', tensor.Shape.Select(dimension => dimension.ToString(CultureInfo.InvariantCulture))));
            Append(json, "],\"data_offsets\":[");
            Append(json, string.Create(CultureInfo.InvariantCulture, $"{tensor.Begin},{tensor.End}"));
            Append(json, "]}");
            first = false;
        }

        Append(json, "}");
        var padding = (8 - (json.WrittenCount % 8)) % 8;
        Append(json, new string(' ', padding));
        return json.WrittenSpan.ToArray();
    }

    private static void Append(ArrayBufferWriter<byte> json, string text) => Encoding.UTF8.GetBytes(text, json);

    /// <summary>
    /// A JSON string as serde_json writes it: <c>"</c>, <c>\</c> and control characters escaped (short forms where JSON
    /// has them), everything else raw UTF-8. Hand-written because System.Text.Json's encoders also escape non-ASCII
    /// or HTML-sensitive characters, which would change the bytes of names and metadata written by other tools.
    /// </summary>
    private static void AppendString(ArrayBufferWriter<byte> json, string value)
    {
        var escaped = new StringBuilder(value.Length + 2).Append('"');
        foreach (var character in value)
        {
            _ = character switch
            {
                '"' => escaped.Append("\\\""),
                '\\' => escaped.Append("\\\\"),
                '\b' => escaped.Append("\\b"),
                '\f' => escaped.Append("\\f"),
                '\n' => escaped.Append("\\n"),
                '\r' => escaped.Append("\\r"),
                '\t' => escaped.Append("\\t"),
                < ' ' => escaped.Append(CultureInfo.InvariantCulture, $"\\u{(int)character:x4}"),
                _ => escaped.Append(character),
            };
        }

        Append(json, escaped.Append('"').ToString());
    }
}
