using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tdcc.Mesh.GatewayApi.Api;

/// <summary>
/// A rule's <c>backendRef</c> (HTTPBackendRef and GRPCBackendRef share this shape): a service and port, and its share
/// of the rule's requests.
/// </summary>
public sealed record BackendRef
{
    /// <summary>The referent's API group; absent or empty means core.</summary>
    public string? Group { get; init; }

    /// <summary>The referent's kind; absent means <c>Service</c>.</summary>
    public string? Kind { get; init; }

    /// <summary>The referent's name.</summary>
    public required string Name { get; init; }

    /// <summary>The referent's namespace; absent means the route's.</summary>
    public string? Namespace { get; init; }

    /// <summary>The service port; absent means the parent port the rule serves.</summary>
    public int? Port { get; init; }

    /// <summary>Relative share of the rule's requests (default 1; 0 sends none).</summary>
    public int? Weight { get; init; }

    /// <summary>Filters applied only on the way to this backend (none is supported).</summary>
    public ImmutableArray<RouteFilter>? Filters { get; init; }

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
