using Tdcc.Mesh.GatewayApi.Api;
using Tdcc.Mesh.Kube.Runtime.Conditions;

namespace Tdcc.Mesh.GatewayApi.Mesh;

/// <summary>The status a route gets from the mesh: one entry per parentRef that names a mesh parent.</summary>
/// <param name="Route">The route.</param>
/// <param name="Generation">The route's <c>metadata.generation</c> the verdict was made for.</param>
/// <param name="Parents">The mesh parents' verdicts, in parentRef order; empty when the route names no mesh parent.</param>
public sealed record RouteVerdict(RouteId Route, long? Generation, IReadOnlyList<ParentVerdict> Parents)
{
    /// <summary>The verdicts of the parents that did not accept the route.</summary>
    public IEnumerable<ParentVerdict> Rejected =>
        Parents.Where(p => p.Conditions.Any(c => c.Type == RouteConditions.Accepted && c.Status == ConditionSet.False));
}
