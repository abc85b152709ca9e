using System.Collections.Immutable;

namespace Tdcc.Mesh.MeshModel.Ingress;

/// <summary>
/// One match of one rule of an HTTPRoute or GRPCRoute attached to a listener (a rule with several matches appears once
/// per match, so that the list can be ordered by precedence). A request is served by the first rule whose hostnames and
/// match both fit it.
/// </summary>
public sealed record IngressRouteRule
{
    /// <summary>The route, e.g. <c>HTTPRoute demo/web</c>.</summary>
    public required string Route { get; init; }

    /// <summary>The rule's index in <c>spec.rules</c>.</summary>
    public required int RuleIndex { get; init; }

    /// <summary>The hostnames the request's Host must match (the intersection of the route's and the listener's); empty: any.</summary>
    public ImmutableArray<string> Hostnames { get; init; } = [];

    /// <summary>What the request must match.</summary>
    public IngressMatch Match { get; init; } = new();

    /// <summary>The rule's filters, applied in order before the backend is chosen.</summary>
    public ImmutableArray<IngressFilter> Filters { get; init; } = [];

    /// <summary>The weighted backends; empty (or all weights 0) answers 500, as the spec requires.</summary>
    public ImmutableArray<IngressBackend> Backends { get; init; } = [];

    /// <summary>HTTPRoute <c>timeouts.request</c>: the whole request, retries included; null: none.</summary>
    public TimeSpan? RequestTimeout { get; init; }

    /// <summary>HTTPRoute <c>timeouts.backendRequest</c>: each try; null: none.</summary>
    public TimeSpan? BackendRequestTimeout { get; init; }

    /// <summary>HTTPRoute <c>retry</c> (experimental channel); null: no retries.</summary>
    public IngressRetry? Retry { get; init; }
}

/// <summary>A request match: all given conditions must hold; a match with none matches every request.</summary>
public sealed record IngressMatch
{
    /// <summary>The path condition (a GRPCRoute's service and method become an exact or regex path); null: any path.</summary>
    public PathMatchModel? Path { get; init; }

    /// <summary>The HTTP method; null: any.</summary>
    public string? Method { get; init; }

    /// <summary>Header conditions (all must hold).</summary>
    public ImmutableArray<HeaderMatchModel> Headers { get; init; } = [];

    /// <summary>Query parameter conditions (all must hold); names are case-sensitive.</summary>
    public ImmutableArray<HeaderMatchModel> QueryParameters { get; init; } = [];
}

/// <summary>HTTPRoute retries: how many attempts after the first, on which status codes, and the backoff between.</summary>
public sealed record IngressRetry(int Attempts, ImmutableArray<int> Codes, TimeSpan? Backoff);
