using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tdcc.Mesh.GatewayApi.Api;

/// <summary>
/// <c>ParentReference</c>: what a route attaches to. For the mesh, a <c>ServiceImport</c> of
/// <c>multicluster.x-k8s.io</c> or a core <c>Service</c> (GAMMA); the API defaults are group
/// <c>gateway.networking.k8s.io</c> and kind <c>Gateway</c>, which this mesh leaves to gateway controllers.
/// </summary>
public sealed record ParentReference
{
    /// <summary>The referent's API group; absent means <c>gateway.networking.k8s.io</c>.</summary>
    public string? Group { get; init; }

    /// <summary>The referent's kind; absent means <c>Gateway</c>.</summary>
    public string? Kind { get; init; }

    /// <summary>The referent's namespace; absent means the route's.</summary>
    public string? Namespace { get; init; }

    /// <summary>The referent's name.</summary>
    public required string Name { get; init; }

    /// <summary>A section of the parent; for a service, the name of one of its ports.</summary>
    public string? SectionName { get; init; }

    /// <summary>The service port the route attaches to; absent attaches it to every port.</summary>
    public int? Port { get; init; }

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
