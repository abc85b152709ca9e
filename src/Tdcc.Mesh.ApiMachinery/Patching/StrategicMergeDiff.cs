using System.Text.Json.Nodes;

namespace Tdcc.Mesh.ApiMachinery.Patching;

/// <summary>Computes two-way strategic merge patches (what <c>kubectl edit</c> sends), with kube's directives.</summary>
internal static class StrategicMergeDiff
{
    public static JsonObject DiffMaps(JsonObject original, JsonObject modified, string path, PatchSchema schema)
    {
        var patch = new JsonObject();
        foreach (var (key, _) in original)
        {
            if (!modified.ContainsKey(key))
            {
                patch[key] = null;
            }
        }

        foreach (var (key, value) in modified)
        {
            var childPath = path.Length == 0 ? key : path + "." + key;
            if (!original.TryGetPropertyValue(key, out var before))
            {
                patch[key] = value?.DeepClone();
            }
            else if (before is JsonObject beforeObject && value is JsonObject valueObject)
            {
                var child = DiffMaps(beforeObject, valueObject, childPath, schema);
                if (child.Count > 0)
                {
                    patch[key] = child;
                }
            }
            else if (before is JsonArray beforeList && value is JsonArray valueList)
            {
                DiffList(beforeList, valueList, key, childPath, schema, patch);
            }
            else if (!JsonNode.DeepEquals(before, value))
            {
                patch[key] = value?.DeepClone();
            }
        }

        return patch;
    }

    private static void DiffList(JsonArray original, JsonArray modified, string key, string path, PatchSchema schema, JsonObject patch)
    {
        if (JsonNode.DeepEquals(original, modified))
        {
            return;
        }

        var rule = schema.ListAt(path);
        if (rule is null)
        {
            patch[key] = modified.DeepClone();
            return;
        }

        if (rule.MergeKey is null)
        {
            var added = modified.Where(m => !original.Any(o => JsonNode.DeepEquals(o, m))).Select(m => m?.DeepClone()).ToArray();
            var deleted = original.Where(o => !modified.Any(m => JsonNode.DeepEquals(o, m))).Select(o => o?.DeepClone()).ToArray();
            if (added.Length > 0)
            {
                patch[key] = new JsonArray(added);
            }

            if (deleted.Length > 0)
            {
                patch["$deleteFromPrimitiveList/" + key] = new JsonArray(deleted);
            }

            patch["$setElementOrder/" + key] = modified.DeepClone();
            return;
        }

        var mergeKey = rule.MergeKey;
        if (!modified.Concat(original).All(i => i is JsonObject o && o.ContainsKey(mergeKey)))
        {
            patch[key] = modified.DeepClone();
            return;
        }

        var items = new JsonArray();
        foreach (var item in modified.Cast<JsonObject>())
        {
            var match = original.Cast<JsonObject>().FirstOrDefault(o => JsonNode.DeepEquals(o[mergeKey], item[mergeKey]));
            if (match is null)
            {
                items.Add(item.DeepClone());
                continue;
            }

            var diff = DiffMaps(match, item, path, schema);
            if (diff.Count > 0)
            {
                diff[mergeKey] = item[mergeKey]?.DeepClone();
                items.Add(diff);
            }
        }

        foreach (var item in original.Cast<JsonObject>())
        {
            if (!modified.Cast<JsonObject>().Any(m => JsonNode.DeepEquals(m[mergeKey], item[mergeKey])))
            {
                items.Add(new JsonObject { [mergeKey] = item[mergeKey]?.DeepClone(), ["$patch"] = "delete" });
            }
        }

        if (items.Count > 0)
        {
            patch[key] = items;
        }

        patch["$setElementOrder/" + key] = new JsonArray(
            modified.Cast<JsonObject>().Select(i => (JsonNode?)new JsonObject { [mergeKey] = i[mergeKey]?.DeepClone() }).ToArray());
    }
}
