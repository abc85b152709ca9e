using System.Collections.Immutable;
using System.Text.Json;

namespace Tdcc.Mesh.GatewayApi.Api;

/// <summary>What the rules of every route kind have: a name, matches of the kind's own shape, filters and backends.</summary>
/// <typeparam name="TMatch">The kind's match (<see cref="GrpcRouteMatch"/>, <see cref="HttpRouteMatch"/>).</typeparam>
public interface IRouteRule<TMatch>
{
    string? Name { get; }

    ImmutableArray<TMatch>? Matches { get; }

    ImmutableArray<RouteFilter>? Filters { get; }

    ImmutableArray<BackendRef>? BackendRefs { get; }

    /// <summary>Fields the model does not name.</summary>
    Dictionary<string, JsonElement>? Extra { get; }
}
