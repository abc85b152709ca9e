using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tdcc.Mesh.ApiServer.Objects.Validation;

/// <summary>Prints values the way kube's field errors print Go values (<c>%q</c> strings, bare numbers, <c>%#v</c> maps).</summary>
internal static class GoFormat
{
    public static string Quote(string text)
    {
        var result = new StringBuilder(text.Length + 2).Append('"');
        foreach (var c in text)
        {
            _ = c switch
            {
                '"' => result.Append("\\\""),
                '\\' => result.Append("\\\\"),
                '\n' => result.Append("\\n"),
                '\t' => result.Append("\\t"),
                '\r' => result.Append("\\r"),
                < ' ' => result.Append(CultureInfo.InvariantCulture, $"\\x{(int)c:x2}"),
                _ => result.Append(c),
            };
        }

        return result.Append('"').ToString();
    }

    /// <summary>A JSON scalar as Go prints it in a field error (strings quoted, numbers and booleans bare).</summary>
    public static string Value(JsonNode? value) => value switch
    {
        null => "null",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => Quote(v.GetValue<string>()),
        JsonValue v => v.ToJsonString(),
        _ => value.ToJsonString(),
    };

    /// <summary><c>map[string]string{"a":"b"}</c>, keys sorted as fmt prints them.</summary>
    public static string StringMap(JsonObject? map)
    {
        if (map is null)
        {
            return "map[string]string(nil)";
        }

        var entries = map.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => Quote(p.Key) + ":" + Quote(Text(p.Value)));
        return "map[string]string{" + string.Join(", ", entries) + "}";
    }

    /// <summary>A string field's value, or empty when absent or not a string.</summary>
    public static string Text(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : string.Empty;
}
