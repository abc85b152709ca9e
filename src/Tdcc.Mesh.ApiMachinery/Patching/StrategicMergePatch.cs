using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tdcc.Mesh.ApiMachinery.Patching;

/// <summary>
/// Kube's strategic merge patch (<c>application/strategic-merge-patch+json</c>): maps merge recursively, lists merge
/// per <see cref="PatchSchema"/>, and the directives <c>$patch</c>, <c>$retainKeys</c>,
/// <c>$deleteFromPrimitiveList/&lt;field&gt;</c> and <c>$setElementOrder/&lt;field&gt;</c> are honoured. Inputs are never mutated.
/// </summary>
public static class StrategicMergePatch
{
    private const string PatchDirective = "$patch";
    private const string RetainKeysDirective = "$retainKeys";
    private const string DeleteFromPrimitiveListPrefix = "$deleteFromPrimitiveList/";
    private const string SetElementOrderPrefix = "$setElementOrder/";

    /// <summary>Applies <paramref name="patch"/> to a copy of <paramref name="target"/>.</summary>
    /// <exception cref="PatchException">The patch is not an object, a directive is malformed, or a merge key is missing.</exception>
    public static JsonNode Apply(JsonNode target, JsonNode patch, PatchSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        if (patch is not JsonObject patchObject)
        {
            throw new PatchException(PatchErrorKind.BadRequest, "strategic merge patch must be a JSON object");
        }

        var original = target is JsonObject targetObject ? (JsonObject)targetObject.DeepClone() : [];
        return MergeMap(original, patchObject, string.Empty, schema) ?? [];
    }

    /// <summary>
    /// Creates the two-way patch that turns <paramref name="original"/> into <paramref name="modified"/>: deleted fields
    /// as null, merge lists with <c>$patch: delete</c>, <c>$deleteFromPrimitiveList</c> and <c>$setElementOrder</c>.
    /// </summary>
    public static JsonObject CreateTwoWay(JsonObject original, JsonObject modified, PatchSchema schema)
    {
        ArgumentNullException.ThrowIfNull(original);
        ArgumentNullException.ThrowIfNull(modified);
        ArgumentNullException.ThrowIfNull(schema);
        return StrategicMergeDiff.DiffMaps(original, modified, string.Empty, schema);
    }

    /// <summary>Merges <paramref name="patch"/> into <paramref name="original"/> (owned, mutated); null means "delete this map".</summary>
    private static JsonObject? MergeMap(JsonObject original, JsonObject patch, string path, PatchSchema schema)
    {
        switch (DirectiveOf(patch))
        {
            case null or "merge":
                break;
            case "delete":
                return null;
            case "replace":
                var replacement = (JsonObject)patch.DeepClone();
                replacement.Remove(PatchDirective);
                return MergeMap([], replacement, path, schema);
            case var other:
                throw new PatchException(PatchErrorKind.BadRequest, $"unknown patch type: \"{other}\" in map: {patch.ToJsonString()}");
        }

        if (patch.TryGetPropertyValue(RetainKeysDirective, out var retain))
        {
            var keep = StringList(retain, RetainKeysDirective).ToHashSet(StringComparer.Ordinal);
            foreach (var key in original.Select(p => p.Key).Where(k => !keep.Contains(k)).ToArray())
            {
                original.Remove(key);
            }
        }

        var serverOrders = new Dictionary<string, JsonNode?[]>(StringComparer.Ordinal);
        foreach (var (key, value) in patch)
        {
            if (key.StartsWith(DeleteFromPrimitiveListPrefix, StringComparison.Ordinal))
            {
                DeleteFromPrimitiveList(original, key[DeleteFromPrimitiveListPrefix.Length..], value);
            }
            else if (key.StartsWith(SetElementOrderPrefix, StringComparison.Ordinal))
            {
                var field = key[SetElementOrderPrefix.Length..];
                var mergeKey = schema.ListAt(Join(path, field))?.MergeKey;
                serverOrders[field] = original[field] is JsonArray list ? list.Select(item => KeyOf(item, mergeKey)).ToArray() : [];
            }
        }

        foreach (var (key, value) in patch)
        {
            if (key.StartsWith('$'))
            {
                continue;
            }

            if (value is null)
            {
                original.Remove(key);
                continue;
            }

            original.TryGetPropertyValue(key, out var existing);
            if (existing is not null)
            {
                original[key] = null;
            }

            var merged = MergeValue(existing, value, Join(path, key), schema);
            if (merged is null && value is JsonObject)
            {
                original.Remove(key);
            }
            else
            {
                original[key] = merged;
            }
        }

        foreach (var (field, serverOrder) in serverOrders)
        {
            if (original[field] is JsonArray list)
            {
                var mergeKey = schema.ListAt(Join(path, field))?.MergeKey;
                original[field] = Reorder(list, patch[SetElementOrderPrefix + field], serverOrder, mergeKey);
            }
        }

        return original;
    }

    private static JsonNode? MergeValue(JsonNode? existing, JsonNode patch, string path, PatchSchema schema) => patch switch
    {
        JsonObject patchObject => MergeMap(existing as JsonObject ?? [], patchObject, path, schema),
        JsonArray patchArray => MergeList(existing as JsonArray ?? [], patchArray, path, schema),
        _ => patch.DeepClone(),
    };

    private static JsonArray MergeList(JsonArray original, JsonArray patch, string path, PatchSchema schema)
    {
        var rule = schema.ListAt(path);
        if (rule is null)
        {
            return (JsonArray)patch.DeepClone();
        }

        if (rule.MergeKey is null)
        {
            foreach (var item in patch)
            {
                if (!original.Any(existing => JsonNode.DeepEquals(existing, item)))
                {
                    original.Add(item?.DeepClone());
                }
            }

            return original;
        }

        if (patch.Any(item => item is JsonObject o && DirectiveOf(o) == "replace"))
        {
            var replaced = new JsonArray();
            foreach (var item in patch.OfType<JsonObject>().Where(o => DirectiveOf(o) != "replace"))
            {
                replaced.Add(MergeMap([], item, path, schema));
            }

            return replaced;
        }

        foreach (var item in patch)
        {
            if (item is not JsonObject patchItem)
            {
                throw new PatchException(PatchErrorKind.BadRequest, $"merging an object in json but data type is not map, is: {item?.GetValueKind()}");
            }

            if (!patchItem.TryGetPropertyValue(rule.MergeKey, out var keyValue))
            {
                throw new PatchException(PatchErrorKind.BadRequest, $"map: {patchItem.ToJsonString()} does not contain declared merge key: {rule.MergeKey}");
            }

            var index = IndexOfKey(original, rule.MergeKey, keyValue);
            if (DirectiveOf(patchItem) == "delete")
            {
                while (index >= 0)
                {
                    original.RemoveAt(index);
                    index = IndexOfKey(original, rule.MergeKey, keyValue);
                }

                continue;
            }

            if (index < 0)
            {
                original.Add(MergeMap([], patchItem, path, schema));
                continue;
            }

            var existing = original[index] as JsonObject ?? [];
            original[index] = null;
            original[index] = MergeMap(existing, patchItem, path, schema);
        }

        return original;
    }

    private static void DeleteFromPrimitiveList(JsonObject original, string field, JsonNode? values)
    {
        if (values is not JsonArray toDelete)
        {
            throw new PatchException(PatchErrorKind.BadRequest, $"{DeleteFromPrimitiveListPrefix}{field} must be a list");
        }

        if (original[field] is not JsonArray list)
        {
            return;
        }

        for (var i = list.Count - 1; i >= 0; i--)
        {
            if (toDelete.Any(v => JsonNode.DeepEquals(v, list[i])))
            {
                list.RemoveAt(i);
            }
        }
    }

    /// <summary>
    /// Orders the merged list as <c>$setElementOrder</c> says; items it does not mention (added by others on the server)
    /// are interleaved by their server position, as kube's <c>mergeSortedSlice</c> does.
    /// </summary>
    private static JsonArray Reorder(JsonArray merged, JsonNode? order, JsonNode?[] serverOrder, string? mergeKey)
    {
        if (order is not JsonArray orderList)
        {
            throw new PatchException(PatchErrorKind.BadRequest, $"{SetElementOrderPrefix} must be a list");
        }

        var orderKeys = orderList.Select(item => KeyOf(item, mergeKey)).ToArray();
        var items = merged.Select(item => item?.DeepClone()).ToList();
        var ordered = items.Where(item => IndexOf(orderKeys, KeyOf(item, mergeKey)) >= 0)
            .OrderBy(item => IndexOf(orderKeys, KeyOf(item, mergeKey)))
            .ToList();
        var serverOnly = items.Where(item => IndexOf(orderKeys, KeyOf(item, mergeKey)) < 0).ToList();

        var result = new JsonArray();
        int i = 0, j = 0;
        while (i < ordered.Count || j < serverOnly.Count)
        {
            bool takeOrdered;
            if (j >= serverOnly.Count)
            {
                takeOrdered = true;
            }
            else if (i >= ordered.Count)
            {
                takeOrdered = false;
            }
            else
            {
                var left = IndexOf(serverOrder, KeyOf(ordered[i], mergeKey));
                var right = IndexOf(serverOrder, KeyOf(serverOnly[j], mergeKey));
                takeOrdered = left >= 0 && right >= 0 && left < right;
            }

            result.Add(takeOrdered ? ordered[i++] : serverOnly[j++]);
        }

        return result;
    }

    private static JsonNode? KeyOf(JsonNode? item, string? mergeKey) =>
        mergeKey is not null && item is JsonObject o ? o[mergeKey] : item;

    private static int IndexOf(JsonNode?[] keys, JsonNode? key)
    {
        for (var i = 0; i < keys.Length; i++)
        {
            if (JsonNode.DeepEquals(keys[i], key))
            {
                return i;
            }
        }

        return -1;
    }

    private static int IndexOfKey(JsonArray list, string mergeKey, JsonNode? keyValue)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] is JsonObject o && o.TryGetPropertyValue(mergeKey, out var candidate) && JsonNode.DeepEquals(candidate, keyValue))
            {
                return i;
            }
        }

        return -1;
    }

    private static string? DirectiveOf(JsonObject map) =>
        map[PatchDirective] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    private static IEnumerable<string> StringList(JsonNode? node, string name) =>
        node is JsonArray array && array.All(i => i is JsonValue v && v.GetValueKind() == JsonValueKind.String)
            ? array.Select(i => i!.GetValue<string>())
            : throw new PatchException(PatchErrorKind.BadRequest, $"{name} must be a list of strings");

    private static string Join(string path, string field) => path.Length == 0 ? field : path + "." + field;
}
