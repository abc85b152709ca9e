namespace Tdcc.Mesh.ApiMachinery.Apply;

/// <summary>The <c>x-kubernetes-list-type</c> of a list as server-side apply sees it.</summary>
internal enum ListShapeKind
{
    Atomic,
    Set,
    Map,
}
