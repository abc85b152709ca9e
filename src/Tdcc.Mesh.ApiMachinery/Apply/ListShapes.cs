using Tdcc.Mesh.ApiMachinery.Patching;
using Tdcc.Mesh.ApiMachinery.Schema;

namespace Tdcc.Mesh.ApiMachinery.Apply;

/// <summary>
/// Resolves list shapes by dotted field path (list items transparent): from the CRD schema's
/// <c>x-kubernetes-list-type</c>/<c>x-kubernetes-list-map-keys</c> when given, else from the built-in <see cref="PatchSchema"/>.
/// </summary>
internal sealed class ListShapes(PatchSchema patchSchema, StructuralSchema? crdSchema)
{
    public ListShape Resolve(IReadOnlyList<string> fieldPath)
    {
        var dotted = string.Join('.', fieldPath);
        var fromSchema = crdSchema is null ? null : FromStructural(fieldPath);
        if (fromSchema is not null)
        {
            return fromSchema;
        }

        return patchSchema.ListAt(dotted) switch
        {
            null => ListShape.Atomic,
            { MergeKey: null } => ListShape.Set,
            { MergeKey: var key } => new ListShape(ListShapeKind.Map, [key]),
        };
    }

    /// <summary>Whether the object at <paramref name="fieldPath"/> is declared <c>x-kubernetes-map-type: atomic</c>.</summary>
    public bool IsAtomicMap(IReadOnlyList<string> fieldPath) =>
        crdSchema is not null && Find(fieldPath) is { MapType: "atomic" };

    private ListShape? FromStructural(IReadOnlyList<string> fieldPath)
    {
        var schema = Find(fieldPath);
        return schema?.ListType switch
        {
            "map" when schema.ListMapKeys.Count > 0 => new ListShape(ListShapeKind.Map, schema.ListMapKeys),
            "set" => ListShape.Set,
            "atomic" => ListShape.Atomic,
            _ => null,
        };
    }

    private StructuralSchema? Find(IReadOnlyList<string> fieldPath)
    {
        var current = crdSchema;
        foreach (var field in fieldPath)
        {
            if (current?.Type == "array" && current.Items is not null)
            {
                current = current.Items;
            }

            current = current?.SchemaFor(field);
            if (current is null)
            {
                return null;
            }
        }

        return current;
    }
}
