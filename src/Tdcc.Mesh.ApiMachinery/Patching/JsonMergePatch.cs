using System.Text.Json.Nodes;

namespace Tdcc.Mesh.ApiMachinery.Patching;

/// <summary>JSON merge patch (RFC 7386), <c>application/merge-patch+json</c>. Inputs are never mutated.</summary>
public static class JsonMergePatch
{
    /// <summary>Applies <paramref name="patch"/> to <paramref name="target"/> and returns a new node.</summary>
    public static JsonNode? Apply(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject patchObject)
        {
            return patch?.DeepClone();
        }

        var result = target is JsonObject targetObject ? (JsonObject)targetObject.DeepClone() : [];
        foreach (var (key, value) in patchObject)
        {
            if (value is null)
            {
                result.Remove(key);
                continue;
            }

            result.TryGetPropertyValue(key, out var existing);
            result[key] = Apply(existing, value);
        }

        return result;
    }

    /// <summary>Creates the merge patch that turns <paramref name="original"/> into <paramref name="modified"/>.</summary>
    /// <remarks>Null values inside <paramref name="modified"/> objects cannot be expressed by RFC 7386 and read as deletions.</remarks>
    public static JsonNode? CreatePatch(JsonNode? original, JsonNode? modified)
    {
        if (original is not JsonObject originalObject || modified is not JsonObject modifiedObject)
        {
            return modified?.DeepClone();
        }

        var patch = new JsonObject();
        foreach (var (key, _) in originalObject)
        {
            if (!modifiedObject.ContainsKey(key))
            {
                patch[key] = null;
            }
        }

        foreach (var (key, value) in modifiedObject)
        {
            if (!originalObject.TryGetPropertyValue(key, out var before))
            {
                patch[key] = value?.DeepClone();
            }
            else if (before is JsonObject && value is JsonObject)
            {
                var child = CreatePatch(before, value);
                if (child is JsonObject { Count: > 0 })
                {
                    patch[key] = child;
                }
            }
            else if (!JsonNode.DeepEquals(before, value))
            {
                patch[key] = value?.DeepClone();
            }
        }

        return patch;
    }
}
