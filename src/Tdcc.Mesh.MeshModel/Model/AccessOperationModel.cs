namespace Tdcc.Mesh.MeshModel;

/// <summary>
/// What a request does (L7). The kinds given must all match; each list is alternatives; null or empty matches anything.
/// </summary>
/// <param name="Ports">Service ports.</param>
/// <param name="Methods">HTTP methods (<c>GET</c>, <c>POST</c>; a gRPC call is a <c>POST</c>).</param>
/// <param name="Paths">Paths: exact, or a prefix when ending in <c>*</c> (<c>/api/*</c>); a gRPC method is <c>/&lt;package.Service&gt;/&lt;Method&gt;</c>.</param>
public sealed record AccessOperationModel(
    IReadOnlyList<int>? Ports = null,
    IReadOnlyList<string>? Methods = null,
    IReadOnlyList<string>? Paths = null);
