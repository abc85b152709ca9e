using System.Text.Json.Nodes;

namespace Tdcc.Mesh.ApiMachinery.Schema;

/// <summary>Applies structural-schema <c>default</c>s the way apiextensions does on read and write.</summary>
public static class SchemaDefaulter
{
    /// <summary>
    /// Returns a copy of <paramref name="obj"/> where every missing property with a default gets it (recursively, also
    /// inside freshly defaulted values); null values of non-nullable properties are replaced by their default, or
    /// dropped when there is none, as apiextensions does before defaulting.
    /// </summary>
    public static JsonNode Apply(JsonNode obj, StructuralSchema schema)
    {
        ArgumentNullException.ThrowIfNull(obj);
        ArgumentNullException.ThrowIfNull(schema);
        var copy = obj.DeepClone();
        Default(copy, schema);
        return copy;
    }

    private static void Default(JsonNode? node, StructuralSchema schema)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj.ToArray())
                {
                    if (value is null && schema.SchemaFor(key) is { Nullable: false, Default: null })
                    {
                        obj.Remove(key);
                    }
                }

                foreach (var (name, propertySchema) in schema.Properties)
                {
                    if (propertySchema.Default is null)
                    {
                        continue;
                    }

                    var present = obj.TryGetPropertyValue(name, out var current);
                    if (!present || (current is null && !propertySchema.Nullable))
                    {
                        obj[name] = propertySchema.Default.DeepClone();
                    }
                }

                foreach (var (key, child) in obj.ToArray())
                {
                    if (schema.SchemaFor(key) is { } childSchema)
                    {
                        Default(child, childSchema);
                    }
                }

                break;
            case JsonArray array when schema.Items is { } items:
                foreach (var item in array)
                {
                    Default(item, items);
                }

                break;
            default:
                break;
        }
    }
}
