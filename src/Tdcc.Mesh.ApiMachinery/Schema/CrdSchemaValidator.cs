using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Tdcc.Mesh.ApiMachinery.Schema;

/// <summary>Checks that a CRD version's <c>openAPIV3Schema</c> is structural, with apiextensions' paths and messages.</summary>
public static class CrdSchemaValidator
{
    private static readonly string[] Types = ["array", "boolean", "integer", "number", "object", "string"];
    private static readonly string[] ListTypes = ["atomic", "map", "set"];

    /// <summary>
    /// Validates the schema of <c>spec.versions[<paramref name="versionIndex"/>]</c>; error paths start with
    /// <c>spec.versions[i].schema.openAPIV3Schema</c>.
    /// </summary>
    public static IReadOnlyList<FieldError> Validate(JsonNode? openApiV3Schema, int versionIndex) =>
        Validate(openApiV3Schema, $"spec.versions[{versionIndex}].schema.openAPIV3Schema");

    /// <summary>Validates the schema with error paths under <paramref name="rootPath"/>.</summary>
    public static IReadOnlyList<FieldError> Validate(JsonNode? openApiV3Schema, string rootPath)
    {
        ArgumentNullException.ThrowIfNull(rootPath);
        var errors = new List<FieldError>();
        if (openApiV3Schema is not JsonObject root)
        {
            errors.Add(FieldError.RequiredValue(rootPath, "schemas are required"));
            return errors;
        }

        var rootType = Text(root, "type");
        if (rootType != "object")
        {
            errors.Add(rootType is null
                ? FieldError.RequiredValue(rootPath + ".type", "must not be empty at the root")
                : FieldError.InvalidValue(rootPath + ".type", GoValue.Quote(rootType), "must be object at the root"));
        }

        if (root["properties"]?["metadata"] is JsonObject metadata && metadata["properties"] is JsonObject metadataProperties)
        {
            foreach (var (name, _) in metadataProperties)
            {
                if (name is not ("name" or "generateName"))
                {
                    errors.Add(FieldError.ForbiddenValue($"{rootPath}.properties[metadata].properties[{name}]", "must not be specified at the root"));
                }
            }
        }

        ValidateNode(root, rootPath, errors, fieldKind: "object fields");
        return errors;
    }

    private static void ValidateNode(JsonObject node, string path, List<FieldError> errors, string fieldKind)
    {
        var type = Text(node, "type");
        var intOrString = node["x-kubernetes-int-or-string"] is JsonValue ios && ios.GetValueKind() == JsonValueKind.True;
        var preserve = node["x-kubernetes-preserve-unknown-fields"];

        if (type is null && !intOrString && !(preserve is JsonValue p && p.GetValueKind() == JsonValueKind.True))
        {
            errors.Add(FieldError.RequiredValue(path + ".type", $"must not be empty for specified {fieldKind}"));
        }
        else if (type is not null && !Types.Contains(type))
        {
            errors.Add(FieldError.NotSupportedValue(path + ".type", GoValue.Quote(type), Types.Select(GoValue.Quote)));
        }

        if (intOrString && type is not null)
        {
            errors.Add(FieldError.InvalidValue(path + ".type", GoValue.Quote(type), "must be empty if x-kubernetes-int-or-string is true"));
        }

        if (preserve is JsonValue pv && pv.GetValueKind() == JsonValueKind.False)
        {
            errors.Add(FieldError.InvalidValue(path + ".x-kubernetes-preserve-unknown-fields", "false", "must be true or undefined"));
        }

        if (node.ContainsKey("$ref"))
        {
            errors.Add(FieldError.ForbiddenValue(path + ".$ref", "$ref is not supported"));
        }

        if (node["uniqueItems"] is JsonValue unique && unique.GetValueKind() == JsonValueKind.True)
        {
            errors.Add(FieldError.ForbiddenValue(path + ".uniqueItems", "uniqueItems cannot be set to true since the runtime complexity becomes quadratic"));
        }

        var additional = node["additionalProperties"];
        if (additional is JsonValue ap && ap.GetValueKind() == JsonValueKind.False)
        {
            errors.Add(FieldError.ForbiddenValue(path + ".additionalProperties", "additionalProperties cannot be set to false"));
        }

        if (additional is not null && node["properties"] is JsonObject)
        {
            errors.Add(FieldError.ForbiddenValue(path + ".additionalProperties", "additionalProperties and properties are mutual exclusive"));
        }

        if (node["pattern"] is JsonValue pattern && pattern.GetValueKind() == JsonValueKind.String && !IsValidPattern(pattern.GetValue<string>()))
        {
            errors.Add(FieldError.InvalidValue(path + ".pattern", GoValue.Quote(pattern.GetValue<string>()), "must be a valid regular expression"));
        }

        if (node["x-kubernetes-embedded-resource"] is JsonValue embedded && embedded.GetValueKind() == JsonValueKind.True && type != "object")
        {
            errors.Add(FieldError.InvalidValue(path + ".type", GoValue.Quote(type ?? string.Empty), "must be object if x-kubernetes-embedded-resource is true"));
        }

        ValidateListType(node, path, type, errors);

        if (node["properties"] is JsonObject properties)
        {
            foreach (var (name, child) in properties)
            {
                if (child is JsonObject childObject)
                {
                    ValidateNode(childObject, $"{path}.properties[{name}]", errors, "object fields");
                }
            }
        }

        switch (node["items"])
        {
            case JsonObject items:
                ValidateNode(items, path + ".items", errors, "array items");
                break;
            case JsonArray:
                errors.Add(FieldError.ForbiddenValue(path + ".items", "items must be a schema object and not an array"));
                break;
            case null when type == "array":
                errors.Add(FieldError.RequiredValue(path + ".items", "must be specified"));
                break;
            default:
                break;
        }

        if (additional is JsonObject additionalSchema)
        {
            ValidateNode(additionalSchema, path + ".additionalProperties", errors, "object fields");
        }
    }

    private static void ValidateListType(JsonObject node, string path, string? type, List<FieldError> errors)
    {
        var listType = Text(node, "x-kubernetes-list-type");
        if (listType is null)
        {
            return;
        }

        if (!ListTypes.Contains(listType))
        {
            errors.Add(FieldError.NotSupportedValue(path + ".x-kubernetes-list-type", GoValue.Quote(listType), ListTypes.Select(GoValue.Quote)));
        }

        if (type != "array")
        {
            errors.Add(FieldError.InvalidValue(path + ".type", GoValue.Quote(type ?? string.Empty), "must be array if x-kubernetes-list-type is specified"));
        }

        var keys = node["x-kubernetes-list-map-keys"] as JsonArray;
        if (listType == "map" && (keys is null || keys.Count == 0))
        {
            errors.Add(FieldError.RequiredValue(path + ".x-kubernetes-list-map-keys", "must not be empty if x-kubernetes-list-type is map"));
        }

        if (listType != "map" && keys is not null)
        {
            errors.Add(FieldError.ForbiddenValue(path + ".x-kubernetes-list-map-keys", "may only be used with x-kubernetes-list-type: map"));
        }
    }

    private static bool IsValidPattern(string pattern)
    {
        try
        {
            _ = new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static string? Text(JsonObject node, string name) =>
        node[name] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
}
