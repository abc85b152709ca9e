using Tdcc.Mesh.GatewayApi.Api;

namespace Tdcc.Mesh.GatewayApi.Mesh;

/// <summary>A GRPCRoute or HTTPRoute read into what the resolver needs, whatever its kind.</summary>
/// <param name="Id">The route.</param>
/// <param name="Created">Its creation timestamp (older routes win precedence ties).</param>
/// <param name="Generation">Its generation.</param>
/// <param name="ParentRefs">Its parentRefs, as written.</param>
/// <param name="Rules">Its rules, in list order.</param>
/// <param name="Matches">Every match of every rule, with its precedence rank.</param>
/// <param name="Unsupported">The fields the mesh does not support, each naming the field (the route is then not accepted).</param>
internal sealed record MeshRoute(
    RouteId Id,
    DateTimeOffset? Created,
    long? Generation,
    IReadOnlyList<ParentReference> ParentRefs,
    IReadOnlyList<MeshRouteRule> Rules,
    IReadOnlyList<MeshRouteMatch> Matches,
    IReadOnlyList<string> Unsupported);
