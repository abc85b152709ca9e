using System.Text.Json.Nodes;

namespace Tdcc.Mesh.ApiMachinery.Schema;

/// <summary>Drops fields a structural schema does not declare, as apiextensions does on write.</summary>
public static class SchemaPruner
{
    private static readonly string[] ResourceFields = ["apiVersion", "kind", "metadata"];

    /// <summary>
    /// Returns a copy without undeclared fields, except under <c>x-kubernetes-preserve-unknown-fields</c> or
    /// <c>additionalProperties</c>; <c>apiVersion</c>, <c>kind</c> and <c>metadata</c> survive at the root and in embedded resources.
    /// </summary>
    public static JsonNode Prune(JsonNode obj, StructuralSchema schema) => PruneWithReport(obj, schema).Pruned;

    /// <summary>Like <see cref="Prune"/>, also listing the dropped fields (kube's <c>unknown field "spec.foo"</c>).</summary>
    public static PruneResult PruneWithReport(JsonNode obj, StructuralSchema schema)
    {
        ArgumentNullException.ThrowIfNull(obj);
        ArgumentNullException.ThrowIfNull(schema);
        var copy = obj.DeepClone();
        var dropped = new List<string>();
        PruneNode(copy, schema, string.Empty, isResource: true, dropped);
        return new PruneResult(copy, dropped);
    }

    private static void PruneNode(JsonNode? node, StructuralSchema schema, string path, bool isResource, List<string> dropped)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, child) in obj.ToArray())
                {
                    var childPath = path.Length == 0 ? key : path + "." + key;
                    if (isResource && ResourceFields.Contains(key))
                    {
                        continue;
                    }

                    if (schema.SchemaFor(key) is { } childSchema)
                    {
                        PruneNode(child, childSchema, childPath, childSchema.EmbeddedResource, dropped);
                    }
                    else if (!schema.PreserveUnknownFields && !schema.AllowsAdditionalProperties)
                    {
                        obj.Remove(key);
                        dropped.Add(childPath);
                    }
                }

                break;
            case JsonArray array when schema.Items is { } items:
                for (var i = 0; i < array.Count; i++)
                {
                    PruneNode(array[i], items, $"{path}[{i}]", items.EmbeddedResource, dropped);
                }

                break;
            default:
                break;
        }
    }
}
