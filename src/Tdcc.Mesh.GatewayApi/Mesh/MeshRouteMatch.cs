using Tdcc.Mesh.MeshModel;

namespace Tdcc.Mesh.GatewayApi.Mesh;

/// <summary>
/// One match of a rule (a rule without matches has one that matches everything), as xDS match alternatives, with its
/// Gateway API precedence: <see cref="Rank"/> compares element by element, lower first.
/// </summary>
/// <param name="Rule">The rule it belongs to.</param>
/// <param name="Index">Its index in the rule's <c>matches</c>.</param>
/// <param name="Alternatives">The xDS matches it stands for (any of); empty matches every request.</param>
/// <param name="Rank">Its precedence keys (see <see cref="MatchRanks"/>).</param>
internal sealed record MeshRouteMatch(MeshRouteRule Rule, int Index, IReadOnlyList<RouteMatchModel> Alternatives, IReadOnlyList<int> Rank);
