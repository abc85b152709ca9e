using System.Text.Json.Nodes;
using Tdcc.Mesh.ApiMachinery.Selectors;
using Tdcc.Mesh.ApiServer.Errors;
using Tdcc.Mesh.ApiServer.Registry;
using Tdcc.Mesh.ApiServer.Storage;

namespace Tdcc.Mesh.ApiServer.Objects;

/// <summary>Field selector support: which fields a resource allows and how their values are read.</summary>
internal static class FieldValues
{
    /// <summary>Throws 400 when the selector names a field the resource does not support.</summary>
    public static void Check(ResourceDefinition definition, FieldSelector selector)
    {
        foreach (var requirement in selector.Requirements)
        {
            if (requirement.Field is not ("metadata.name" or "metadata.namespace") && !definition.SelectableFields.Contains(requirement.Field))
            {
                throw ApiException.BadRequest($"field label not supported: {requirement.Field}");
            }
        }
    }

    /// <summary>True when the stored object matches both selectors.</summary>
    public static bool Matches(StoredObject stored, ListOptions options)
    {
        if (!options.Labels.Matches(stored.Labels))
        {
            return false;
        }

        if (options.Fields.IsEverything)
        {
            return true;
        }

        JsonObject? parsed = null;
        return options.Fields.Matches(field => field switch
        {
            "metadata.name" => stored.Name,
            "metadata.namespace" => stored.Namespace,
            _ => Read(parsed ??= stored.ToJson(), field),
        });
    }

    private static string Read(JsonObject obj, string field)
    {
        if (field == "source")
        {
            return (string?)obj["source"]?["component"] ?? string.Empty;
        }

        JsonNode? node = obj;
        foreach (var part in field.Split('.'))
        {
            node = node is JsonObject o ? o[part] : null;
        }

        return node switch
        {
            null => field == "spec.hostNetwork" || field == "spec.unschedulable" ? "false" : string.Empty,
            JsonValue value when value.TryGetValue<bool>(out var b) => b ? "true" : "false",
            _ => node.ToString(),
        };
    }
}
