namespace Tdcc.Mesh.ApiMachinery.Apply;

/// <summary>How server-side apply treats a list: atomic, a set of scalars, or a map keyed by some item fields.</summary>
internal sealed record ListShape(ListShapeKind Kind, IReadOnlyList<string> Keys)
{
    public static ListShape Atomic { get; } = new(ListShapeKind.Atomic, []);

    public static ListShape Set { get; } = new(ListShapeKind.Set, []);
}
