namespace Tdcc.Mesh.MeshModel;

/// <summary>
/// One routing rule of a service port, with Gateway API semantics (GAMMA producer routes): a request that matches any
/// of <see cref="Matches"/> (none: every request) goes to one of <see cref="Backends"/>, picked by weight. The rules of a
/// port are evaluated in list order; the producer orders them by Gateway API precedence.
/// </summary>
/// <param name="Name">Where the rule comes from, for route names and logs (for example <c>GRPCRoute demo/echo-split rule 0</c>).</param>
/// <param name="Matches">Alternatives (OR); each match's conditions all hold (AND). Empty: match every request.</param>
/// <param name="Backends">Weighted backends. Empty, or every weight zero: the request fails (HTTP 500, gRPC UNAVAILABLE).</param>
/// <param name="Timeout">Request timeout for this rule; null keeps the service's.</param>
/// <param name="Retries">Retries for this rule; null keeps the service's.</param>
public sealed record RouteRuleModel(
    string Name,
    IReadOnlyList<RouteMatchModel> Matches,
    IReadOnlyList<RouteBackendModel> Backends,
    TimeSpan? Timeout = null,
    RetryPolicyModel? Retries = null);
