using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Tdcc.Mesh.ApiServer.OpenApi.Types;
using ResourceQuantity = Tdcc.Mesh.ApiMachinery.Resource.Quantity;

namespace Tdcc.Mesh.ApiServer.Objects.Validation;

/// <summary>
/// Decodes an object against the published OpenAPI schema of its kind as kube-apiserver decodes JSON into its Go
/// structs (case-sensitive field names, unknown fields ignored, null leaves the zero value), reporting the first type
/// error in Go's words: <c>json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32</c>.
/// </summary>
internal static partial class TypedDecoder
{
    private const int MaxDepth = 64;

    /// <summary>The first decoding error of <paramref name="obj"/> as the component <paramref name="schemaName"/>, or null when it decodes.</summary>
    public static string? Decode(JsonObject obj, string schemaName)
    {
        ArgumentNullException.ThrowIfNull(obj);
        if (!BuiltInSchemas.Components.TryGetValue(schemaName, out var schema))
        {
            return null;
        }

        return Struct(obj, schema, ShortName(schemaName), string.Empty, 0);
    }

    private static string? Walk(JsonNode? value, JsonObject schema, string structName, string path, int depth)
    {
        if (value is null)
        {
            return null;
        }

        if (depth > MaxDepth)
        {
            return "json: exceeded max depth";
        }

        if (BuiltInSchemas.RefName(schema) is { } refName)
        {
            return refName switch
            {
                BuiltInSchemas.QuantityName => Quantity(value),
                BuiltInSchemas.IntOrStringName => value.GetValueKind() == JsonValueKind.String ? null : Int32Value(value),
                BuiltInSchemas.TimeName or BuiltInSchemas.MicroTimeName => Time(value),
                _ when BuiltInSchemas.Components.TryGetValue(refName, out var target) => value is JsonObject o
                    ? Struct(o, target, ShortName(refName), path, depth + 1)
                    : Mismatch(value, structName, path, "v1." + ShortName(refName)),
                _ => null,
            };
        }

        var kind = value.GetValueKind();
        switch ((string?)schema["type"])
        {
            case "string":
                if (kind != JsonValueKind.String)
                {
                    return Mismatch(value, structName, path, GoTypeName(schema));
                }

                return (string?)schema["format"] == "byte" ? Base64(value.GetValue<string>()) : null;
            case "integer":
                return (string?)schema["format"] == "int32"
                    ? Integer(value, structName, path, int.MinValue, int.MaxValue, "int32")
                    : Integer(value, structName, path, long.MinValue, long.MaxValue, "int64");
            case "number":
                return kind == JsonValueKind.Number && double.TryParse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d)
                    ? null
                    : Mismatch(value, structName, path, "float64", numeric: true);
            case "boolean":
                return kind is JsonValueKind.True or JsonValueKind.False ? null : Mismatch(value, structName, path, "bool");
            case "array":
                if (value is not JsonArray array)
                {
                    return Mismatch(value, structName, path, GoTypeName(schema));
                }

                var items = schema["items"] as JsonObject ?? [];
                foreach (var item in array)
                {
                    if (Walk(item, items, structName, path, depth + 1) is { } error)
                    {
                        return error;
                    }
                }

                return null;
            case "object" when schema["additionalProperties"] is JsonObject values:
                if (value is not JsonObject map)
                {
                    return Mismatch(value, structName, path, GoTypeName(schema));
                }

                foreach (var (_, entry) in map)
                {
                    if (Walk(entry, values, structName, path, depth + 1) is { } error)
                    {
                        return error;
                    }
                }

                return null;
            default:
                return null;
        }
    }

    private static string? Struct(JsonObject obj, JsonObject schema, string structName, string path, int depth)
    {
        if (schema["properties"] is not JsonObject properties)
        {
            return null;
        }

        foreach (var (key, child) in obj)
        {
            if (properties[key] is JsonObject childSchema
                && Walk(child, childSchema, structName, path.Length == 0 ? key : path + "." + key, depth) is { } error)
            {
                return error;
            }
        }

        return null;
    }

    private static string? Integer(JsonNode value, string structName, string path, long min, long max, string goType)
    {
        if (value.GetValueKind() != JsonValueKind.Number)
        {
            return Mismatch(value, structName, path, goType);
        }

        var literal = value.ToJsonString();
        return IntegerLiteral().IsMatch(literal) && long.TryParse(literal, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
            ? null
            : Mismatch(value, structName, path, goType, numeric: true);
    }

    /// <summary>intstr's integer branch: json.Unmarshal into an int32 with no struct context.</summary>
    private static string? Int32Value(JsonNode value)
    {
        var literal = value.ToJsonString();
        if (value.GetValueKind() == JsonValueKind.Number)
        {
            return IntegerLiteral().IsMatch(literal) && int.TryParse(literal, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _)
                ? null
                : $"json: cannot unmarshal number {literal} into Go value of type int32";
        }

        return $"json: cannot unmarshal {Describe(value)} into Go value of type int32";
    }

    private static string? Time(JsonNode value)
    {
        if (value.GetValueKind() != JsonValueKind.String)
        {
            return $"json: cannot unmarshal {Describe(value)} into Go value of type string";
        }

        var text = value.GetValue<string>();
        return Rfc3339().IsMatch(text) ? null : $"parsing time {Quote(text)} as \"2006-01-02T15:04:05Z07:00\": cannot parse {Quote(text)} as \"2006\"";
    }

    private static string? Quantity(JsonNode value)
    {
        var kind = value.GetValueKind();
        var text = kind == JsonValueKind.String ? value.GetValue<string>() : value.ToJsonString();
        return ResourceQuantity.TryParse(text.Trim(), out _, out var error) ? null : ResourceQuantity.Message(error);
    }

    /// <summary>Go's base64.StdEncoding (padded, newlines ignored): <c>illegal base64 data at input byte N</c>.</summary>
    private static string? Base64(string text)
    {
        var clean = text.Replace("\r", string.Empty, StringComparison.Ordinal).Replace("\n", string.Empty, StringComparison.Ordinal);
        for (var i = 0; i < clean.Length; i++)
        {
            var c = clean[i];
            var isAlphabet = c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '+' or '/';
            if (isAlphabet)
            {
                continue;
            }

            // Padding: only as the last one or two characters of a complete quantum.
            var tail = clean.Length - i;
            var padOk = c == '=' && clean.Length % 4 == 0 && tail <= 2 && clean[i..].All(ch => ch == '=') && (i % 4) >= 2;
            return padOk ? null : $"illegal base64 data at input byte {i.ToString(CultureInfo.InvariantCulture)}";
        }

        return clean.Length % 4 == 0 ? null : $"illegal base64 data at input byte {(clean.Length - (clean.Length % 4)).ToString(CultureInfo.InvariantCulture)}";
    }

    private static string Mismatch(JsonNode value, string structName, string path, string goType, bool numeric = false)
    {
        var described = numeric && value.GetValueKind() == JsonValueKind.Number ? "number " + value.ToJsonString() : Describe(value);
        return path.Length == 0
            ? $"json: cannot unmarshal {described} into Go value of type {goType}"
            : $"json: cannot unmarshal {described} into Go struct field {structName}.{path} of type {goType}";
    }

    private static string Describe(JsonNode value) => value.GetValueKind() switch
    {
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "bool",
        _ => "null",
    };

    /// <summary>The Go type kube's struct field has, as reflect prints it.</summary>
    private static string GoTypeName(JsonObject schema)
    {
        if (BuiltInSchemas.RefName(schema) is { } refName)
        {
            return refName switch
            {
                BuiltInSchemas.QuantityName => "resource.Quantity",
                BuiltInSchemas.IntOrStringName => "intstr.IntOrString",
                _ => "v1." + ShortName(refName),
            };
        }

        return (string?)schema["type"] switch
        {
            "string" => (string?)schema["format"] == "byte" ? "[]uint8" : "string",
            "integer" => (string?)schema["format"] == "int32" ? "int32" : "int64",
            "number" => "float64",
            "boolean" => "bool",
            "array" => "[]" + GoTypeName(schema["items"] as JsonObject ?? []),
            "object" when schema["additionalProperties"] is JsonObject values => "map[string]" + GoTypeName(values),
            _ => "interface {}",
        };
    }

    private static string ShortName(string schemaName) => schemaName[(schemaName.LastIndexOf('.') + 1)..];

    private static string Quote(string text) => GoFormat.Quote(text);

    [GeneratedRegex("^-?[0-9]+$")]
    private static partial Regex IntegerLiteral();

    [GeneratedRegex("^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?([Zz]|[+-][0-9]{2}:[0-9]{2})$")]
    private static partial Regex Rfc3339();
}
