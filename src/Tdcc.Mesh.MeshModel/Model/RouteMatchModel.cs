namespace Tdcc.Mesh.MeshModel;

/// <summary>
/// The conditions of one match, all of which must hold: a path condition (gRPC methods are paths
/// <c>/&lt;package.Service&gt;/&lt;Method&gt;</c>) and header conditions.
/// </summary>
public sealed record RouteMatchModel(PathMatchModel? Path = null, IReadOnlyList<HeaderMatchModel>? Headers = null);
