using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tdcc.Mesh.ApiMachinery.Schema;

/// <summary>Prints JSON values the way kube's field errors print Go values (strings quoted, numbers and booleans bare).</summary>
internal static class GoValue
{
    public static string Quote(string text)
    {
        var result = new StringBuilder(text.Length + 2).Append('"');
        foreach (var c in text)
        {
            switch (c)
            {
                case '"':
                    result.Append("\\\"");
                    break;
                case '\\':
                    result.Append("\\\\");
                    break;
                case '\n':
                    result.Append("\\n");
                    break;
                case '\t':
                    result.Append("\\t");
                    break;
                case '\r':
                    result.Append("\\r");
                    break;
                default:
                    result.Append(c);
                    break;
            }
        }

        return result.Append('"').ToString();
    }

    public static string Format(JsonNode? value) => value switch
    {
        null => "null",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => Quote(v.GetValue<string>()),
        JsonValue v when v.GetValueKind() == JsonValueKind.Number && JsonNumbers.TryGetInt64(v, out var n) => n.ToString(System.Globalization.CultureInfo.InvariantCulture),
        JsonValue v when v.GetValueKind() == JsonValueKind.Number && JsonNumbers.TryGetDouble(v, out var d) => JsonNumbers.Format(d),
        JsonValue v => v.ToJsonString(),
        _ => value.ToJsonString(),
    };

    /// <summary>The type name kube-openapi reports for a decoded JSON value.</summary>
    public static string TypeName(JsonNode? value) => value switch
    {
        null => "null",
        JsonObject => "object",
        JsonArray => "array",
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => "string",
            JsonValueKind.True or JsonValueKind.False => "boolean",
            JsonValueKind.Number => JsonNumbers.TryGetInt64(v, out _) ? "integer" : "number",
            _ => "null",
        },
        _ => "null",
    };
}
