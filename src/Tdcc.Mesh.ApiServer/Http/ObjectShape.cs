using System.Text.Json;
using System.Text.Json.Nodes;
using Tdcc.Mesh.ApiServer.Errors;

namespace Tdcc.Mesh.ApiServer.Http;

/// <summary>
/// The generic fields every object shares (apiVersion, kind, metadata) must have their JSON types before anything reads
/// them: <c>"name": 5</c> or <c>"kind": {}</c> is the client's mistake, answered 400 with the decoder's message as kube
/// words it, never a 500. Per-kind fields are the object layer's business.
/// </summary>
internal static class ObjectShape
{
    private static readonly string[] StringMetadata = ["name", "generateName", "namespace", "uid", "resourceVersion", "selfLink", "creationTimestamp", "deletionTimestamp"];

    private static readonly string[] StringMapMetadata = ["labels", "annotations"];

    /// <summary>Throws 400 when a generic field of <paramref name="obj"/>, an object of kind <paramref name="kind"/>, has the wrong JSON type.</summary>
    public static void Check(JsonObject obj, string kind)
    {
        ArgumentNullException.ThrowIfNull(obj);
        foreach (var field in (ReadOnlySpan<string>)["apiVersion", "kind"])
        {
            if (obj[field] is { } value && Kind(value) != JsonValueKind.String)
            {
                throw ApiException.BadRequest(
                    $"the object provided is unrecognized (must be of type {kind}): couldn't get version/kind; json parse error: json: cannot unmarshal {GoType(value)} into Go struct field .{field} of type string");
            }
        }

        if (obj["metadata"] is not { } metadataNode)
        {
            return;
        }

        if (metadataNode is not JsonObject metadata)
        {
            throw Mismatch(obj, metadataNode, "metadata", "v1.ObjectMeta");
        }

        foreach (var field in StringMetadata)
        {
            if (metadata[field] is { } value && Kind(value) != JsonValueKind.String)
            {
                throw Mismatch(obj, value, $"metadata.{field}", "string");
            }
        }

        if (metadata["generation"] is { } generation && Kind(generation) != JsonValueKind.Number)
        {
            throw Mismatch(obj, generation, "metadata.generation", "int64");
        }

        foreach (var field in StringMapMetadata)
        {
            switch (metadata[field])
            {
                case null:
                    break;
                case JsonObject map:
                    foreach (var (_, value) in map)
                    {
                        if (value is not null && Kind(value) != JsonValueKind.String)
                        {
                            throw Mismatch(obj, value, $"metadata.{field}", "string");
                        }
                    }

                    break;
                case var other:
                    throw Mismatch(obj, other, $"metadata.{field}", "map[string]string");
            }
        }

        switch (metadata["finalizers"])
        {
            case null:
                break;
            case JsonArray finalizers:
                foreach (var value in finalizers)
                {
                    if (value is not null && Kind(value) != JsonValueKind.String)
                    {
                        throw Mismatch(obj, value, "metadata.finalizers", "string");
                    }
                }

                break;
            case var other:
                throw Mismatch(obj, other, "metadata.finalizers", "[]string");
        }

        switch (metadata["ownerReferences"])
        {
            case null:
                break;
            case JsonArray owners:
                foreach (var owner in owners)
                {
                    if (owner is not null and not JsonObject)
                    {
                        throw Mismatch(obj, owner, "metadata.ownerReferences", "v1.OwnerReference");
                    }

                    foreach (var field in (ReadOnlySpan<string>)["apiVersion", "kind", "name", "uid"])
                    {
                        if (owner?[field] is { } value && Kind(value) != JsonValueKind.String)
                        {
                            throw Mismatch(obj, value, $"metadata.ownerReferences.{field}", "string");
                        }
                    }
                }

                break;
            case var other:
                throw Mismatch(obj, other, "metadata.ownerReferences", "[]v1.OwnerReference");
        }
    }

    private static JsonValueKind Kind(JsonNode node) => node.GetValueKind();

    private static ApiException Mismatch(JsonObject obj, JsonNode value, string field, string goType)
    {
        var kind = obj["kind"]?.GetValue<string>() ?? "Object";
        var apiVersion = obj["apiVersion"]?.GetValue<string>() ?? "v1";
        var version = apiVersion[(apiVersion.LastIndexOf('/') + 1)..];
        return ApiException.BadRequest(
            $"{kind} in version \"{version}\" cannot be handled as a {kind}: json: cannot unmarshal {GoType(value)} into Go struct field {Struct(field)}.{field} of type {goType}");
    }

    private static string Struct(string field) => field.StartsWith("metadata.ownerReferences", StringComparison.Ordinal) ? "OwnerReference" : "ObjectMeta";

    /// <summary>How Go's encoding/json names the JSON type it found.</summary>
    private static string GoType(JsonNode value) => value.GetValueKind() switch
    {
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "bool",
        _ => "null",
    };
}
