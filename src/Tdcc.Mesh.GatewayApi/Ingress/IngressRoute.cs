using System.Collections.Immutable;
using Tdcc.Mesh.GatewayApi.Api;
using Tdcc.Mesh.GatewayApi.Mesh;
using Tdcc.Mesh.MeshModel.Ingress;

namespace Tdcc.Mesh.GatewayApi.Ingress;

/// <summary>
/// An HTTPRoute or GRPCRoute read for ingress: one <see cref="IngressRouteEntry"/> per rule and match (hostnames left
/// to the listener it attaches to), the problems that keep it from being accepted, and the first backend that did not
/// resolve.
/// </summary>
internal sealed record IngressRoute(
    RouteId Id,
    DateTimeOffset? Created,
    long? Generation,
    ImmutableArray<string> Hostnames,
    ImmutableArray<ParentReference> ParentRefs,
    IReadOnlyList<IngressRouteEntry> Entries,
    IReadOnlyList<string> Problems,
    IngressBackend? Unresolved);

/// <summary>One rule and match of a route, with its match precedence (<see cref="MatchRanks"/>, lower first).</summary>
internal sealed record IngressRouteEntry(IngressRouteRule Rule, int MatchIndex, IReadOnlyList<int> Rank);
