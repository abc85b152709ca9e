using System.Text.Json.Nodes;

namespace Tdcc.Mesh.ApiMachinery.Apply;

/// <summary>Field sets of objects and the apply merge, under the list shapes of one kind.</summary>
internal sealed class ObjectFields(ListShapes shapes)
{
    private static readonly string[] IgnoredRoot = ["apiVersion", "kind"];

    private static readonly string[] IgnoredMetadata =
    [
        "name", "namespace", "managedFields", "resourceVersion", "uid", "creationTimestamp", "generation", "selfLink",
        "deletionTimestamp", "deletionGracePeriodSeconds",
    ];

    /// <summary>The leaf fields and list items of <paramref name="obj"/>, as structured-merge-diff's <c>ToFieldSet</c>.</summary>
    public FieldSet ToFieldSet(JsonObject obj)
    {
        var set = new FieldSet();
        Walk(obj, [], [], set);
        return set;
    }

    /// <summary>Paths of <paramref name="candidates"/> that <paramref name="after"/> adds or changes relative to <paramref name="before"/>.</summary>
    public static FieldSet Changed(FieldSet candidates, JsonNode? before, JsonNode after)
    {
        var changed = new FieldSet();
        foreach (var path in candidates.Paths())
        {
            var existsBefore = PathElements.TryGet(before, path, out var old);
            PathElements.TryGet(after, path, out var current);
            var isContainer = path[^1][0] is 'k' or 'v' || current is JsonObject { Count: > 0 };
            if (!existsBefore || (!isContainer && !JsonNode.DeepEquals(old, current)))
            {
                changed.Insert(path);
            }
        }

        return changed;
    }

    /// <summary>Merges the applied configuration into a copy of the live object (maps by key, keyed lists by key, sets by value).</summary>
    public JsonObject Merge(JsonObject? live, JsonObject applied) =>
        (JsonObject)MergeNode(live?.DeepClone(), applied, [])!;

    private JsonNode? MergeNode(JsonNode? live, JsonNode? applied, List<string> fieldPath)
    {
        switch (applied)
        {
            case JsonObject appliedObject when live is JsonObject liveObject && !shapes.IsAtomicMap(fieldPath):
                foreach (var (key, value) in appliedObject)
                {
                    liveObject.TryGetPropertyValue(key, out var existing);
                    if (existing is not null)
                    {
                        liveObject[key] = null;
                    }

                    fieldPath.Add(key);
                    liveObject[key] = MergeNode(existing, value, fieldPath);
                    fieldPath.RemoveAt(fieldPath.Count - 1);
                }

                return liveObject;
            case JsonArray appliedList when live is JsonArray liveList:
                return MergeList(liveList, appliedList, fieldPath);
            default:
                return applied?.DeepClone();
        }
    }

    private JsonArray MergeList(JsonArray live, JsonArray applied, List<string> fieldPath)
    {
        var shape = shapes.Resolve(fieldPath);
        if (shape.Kind == ListShapeKind.Set)
        {
            foreach (var item in applied)
            {
                if (!live.Any(existing => JsonNode.DeepEquals(existing, item)))
                {
                    live.Add(item?.DeepClone());
                }
            }

            return live;
        }

        if (shape.Kind == ListShapeKind.Atomic || !AllKeyed(applied, shape) || !AllKeyed(live, shape))
        {
            return (JsonArray)applied.DeepClone();
        }

        foreach (var item in applied.Cast<JsonObject>())
        {
            var key = PathElements.Key(item, shape.Keys);
            if (PathElements.TryResolve(live, key, out var existing))
            {
                var index = live.IndexOf(existing);
                live[index] = null;
                live[index] = MergeNode(existing, item, fieldPath);
            }
            else
            {
                live.Add(item.DeepClone());
            }
        }

        return live;
    }

    private void Walk(JsonNode? node, List<string> fieldPath, List<string> elements, FieldSet set)
    {
        switch (node)
        {
            case JsonObject obj when obj.Count > 0 && !shapes.IsAtomicMap(fieldPath):
                foreach (var (key, child) in obj)
                {
                    if (IsIgnored(elements, key))
                    {
                        continue;
                    }

                    fieldPath.Add(key);
                    elements.Add(PathElements.Field(key));
                    Walk(child, fieldPath, elements, set);
                    elements.RemoveAt(elements.Count - 1);
                    fieldPath.RemoveAt(fieldPath.Count - 1);
                }

                break;
            case JsonArray list when list.Count > 0:
                WalkList(list, fieldPath, elements, set);
                break;
            default:
                if (elements.Count > 0)
                {
                    set.Insert(elements);
                }

                break;
        }
    }

    private void WalkList(JsonArray list, List<string> fieldPath, List<string> elements, FieldSet set)
    {
        var shape = shapes.Resolve(fieldPath);
        if (shape.Kind == ListShapeKind.Set && list.All(item => item is JsonValue))
        {
            foreach (var item in list)
            {
                elements.Add(PathElements.Value(item));
                set.Insert(elements);
                elements.RemoveAt(elements.Count - 1);
            }

            return;
        }

        if (shape.Kind != ListShapeKind.Map || !AllKeyed(list, shape))
        {
            set.Insert(elements);
            return;
        }

        foreach (var item in list.Cast<JsonObject>())
        {
            elements.Add(PathElements.Key(item, shape.Keys));
            set.Insert(elements);
            foreach (var (key, child) in item)
            {
                fieldPath.Add(key);
                elements.Add(PathElements.Field(key));
                Walk(child, fieldPath, elements, set);
                elements.RemoveAt(elements.Count - 1);
                fieldPath.RemoveAt(fieldPath.Count - 1);
            }

            elements.RemoveAt(elements.Count - 1);
        }
    }

    private static bool AllKeyed(JsonArray list, ListShape shape) =>
        list.All(item => item is JsonObject obj && shape.Keys.Any(obj.ContainsKey));

    private static bool IsIgnored(List<string> elements, string key) => elements.Count switch
    {
        0 => IgnoredRoot.Contains(key),
        1 when elements[0] == "f:metadata" => IgnoredMetadata.Contains(key),
        _ => false,
    };
}
