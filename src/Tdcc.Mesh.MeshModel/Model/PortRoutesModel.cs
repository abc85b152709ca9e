namespace Tdcc.Mesh.MeshModel;

/// <summary>
/// The rules attached to one port of a service, in evaluation order. A port with rules routes only what they match
/// (GAMMA: once a route is attached, a request that matches no rule is rejected); a port without routes sends every
/// request to its own cluster.
/// </summary>
public sealed record PortRoutesModel(int Port, IReadOnlyList<RouteRuleModel> Rules);
