using Tdcc.Mesh.Kube.Model;

namespace Tdcc.Mesh.GatewayApi.Mesh;

/// <summary>
/// How one mesh parent of a route took it: the <c>Accepted</c> and <c>ResolvedRefs</c> conditions to write for that
/// parentRef (without <c>lastTransitionTime</c>; <see cref="RouteStatusMerger"/> sets it).
/// </summary>
/// <param name="ParentRef">The parentRef, as the route wrote it.</param>
/// <param name="Conditions">The conditions, in the order they are written.</param>
public sealed record ParentVerdict(Api.ParentReference ParentRef, IReadOnlyList<Condition> Conditions);
