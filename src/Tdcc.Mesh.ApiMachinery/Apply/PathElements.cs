using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tdcc.Mesh.ApiMachinery.Apply;

/// <summary>Encodes, decodes and resolves FieldsV1 path elements against JSON objects.</summary>
internal static class PathElements
{
    public static string Field(string name) => "f:" + name;

    public static string Value(JsonNode? value) => "v:" + (value?.ToJsonString() ?? "null");

    public static string Key(JsonObject item, IReadOnlyList<string> keys)
    {
        var key = new JsonObject();
        foreach (var name in keys.Order(StringComparer.Ordinal))
        {
            if (item.TryGetPropertyValue(name, out var value))
            {
                key[name] = value?.DeepClone();
            }
        }

        return "k:" + key.ToJsonString();
    }

    /// <summary>The child of <paramref name="node"/> that <paramref name="element"/> names, if present.</summary>
    public static bool TryResolve(JsonNode? node, string element, out JsonNode? child)
    {
        child = null;
        switch (element[0])
        {
            case 'f' when node is JsonObject obj:
                return obj.TryGetPropertyValue(element[2..], out child);
            case 'k' when node is JsonArray list:
                var index = IndexOfKey(list, element);
                child = index >= 0 ? list[index] : null;
                return index >= 0;
            case 'v' when node is JsonArray set:
                var value = JsonNode.Parse(element[2..]);
                child = set.FirstOrDefault(item => JsonNode.DeepEquals(item, value));
                return set.Any(item => JsonNode.DeepEquals(item, value));
            case 'i' when node is JsonArray indexed && int.TryParse(element[2..], NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < indexed.Count:
                child = indexed[i];
                return true;
            default:
                return false;
        }
    }

    public static bool TryGet(JsonNode? root, IReadOnlyList<string> path, out JsonNode? value)
    {
        value = root;
        foreach (var element in path)
        {
            if (!TryResolve(value, element, out value))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Removes the node at <paramref name="path"/> from <paramref name="root"/> (owned, mutated) if it exists.</summary>
    public static void Remove(JsonNode root, IReadOnlyList<string> path)
    {
        if (path.Count == 0 || !TryGet(root, path.Take(path.Count - 1).ToArray(), out var parent))
        {
            return;
        }

        var last = path[^1];
        switch (parent)
        {
            case JsonObject obj when last[0] == 'f':
                obj.Remove(last[2..]);
                break;
            case JsonArray list when last[0] == 'k':
                var index = IndexOfKey(list, last);
                if (index >= 0)
                {
                    list.RemoveAt(index);
                }

                break;
            case JsonArray set when last[0] == 'v':
                var value = JsonNode.Parse(last[2..]);
                for (var i = set.Count - 1; i >= 0; i--)
                {
                    if (JsonNode.DeepEquals(set[i], value))
                    {
                        set.RemoveAt(i);
                    }
                }

                break;
            default:
                break;
        }
    }

    /// <summary>structured-merge-diff's path text: <c>.spec.containers[name="app"].image</c>, <c>.metadata.finalizers[="x"]</c>.</summary>
    public static string Format(IEnumerable<string> path)
    {
        var text = new StringBuilder();
        foreach (var element in path)
        {
            var body = element[2..];
            switch (element[0])
            {
                case 'f':
                    text.Append('.').Append(body);
                    break;
                case 'k':
                    var fields = JsonNode.Parse(body)!.AsObject().Select(p => p.Key + "=" + (p.Value?.ToJsonString() ?? "null"));
                    text.Append('[').AppendJoin(',', fields).Append(']');
                    break;
                case 'v':
                    text.Append("[=").Append(body).Append(']');
                    break;
                default:
                    text.Append('[').Append(body).Append(']');
                    break;
            }
        }

        return text.ToString();
    }

    private static int IndexOfKey(JsonArray list, string element)
    {
        if (JsonNode.Parse(element[2..]) is not JsonObject key)
        {
            return -1;
        }

        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] is JsonObject item && key.All(k => item.TryGetPropertyValue(k.Key, out var v) && JsonNode.DeepEquals(v, k.Value)))
            {
                return i;
            }
        }

        return -1;
    }

    public static bool IsString(JsonNode? node) => node is JsonValue v && v.GetValueKind() == JsonValueKind.String;
}
