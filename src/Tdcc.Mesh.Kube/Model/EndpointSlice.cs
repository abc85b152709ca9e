using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Tdcc.Mesh.Kube.Json;

namespace Tdcc.Mesh.Kube.Model;

/// <summary><c>discovery.k8s.io/v1.EndpointSlice</c>.</summary>
public sealed record EndpointSlice : IKubeObject<EndpointSlice>
{
    /// <summary>Where EndpointSlice objects are served.</summary>
    public static ResourceType Resource { get; } = new("discovery.k8s.io", "v1", "EndpointSlice", "endpointslices", Namespaced: true);

    public static JsonTypeInfo<EndpointSlice> JsonTypeInfo => KubeJsonContext.Default.EndpointSlice;

    public static JsonTypeInfo<KubeList<EndpointSlice>> ListJsonTypeInfo => KubeJsonContext.Default.KubeListEndpointSlice;

    public string? ApiVersion { get; init; } = "discovery.k8s.io/v1";
    public string? Kind { get; init; } = "EndpointSlice";
    public ObjectMeta Metadata { get => field ?? ObjectMeta.Empty; init; } = ObjectMeta.Empty;
    /// <summary><c>IPv4</c>, <c>IPv6</c> or <c>FQDN</c>.</summary>
    public string? AddressType { get; init; }
    public ImmutableArray<Endpoint> Endpoints { get => field.IsDefault ? [] : field; init; }
    public ImmutableArray<EndpointPort>? Ports { get; init; }

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }

    public EndpointSlice WithMetadata(ObjectMeta metadata) => this with { Metadata = metadata };
}

/// <summary>One endpoint of a slice.</summary>
public sealed record Endpoint
{
    public ImmutableArray<string> Addresses { get => field.IsDefault ? [] : field; init; }
    public EndpointConditions? Conditions { get; init; }
    public string? Hostname { get; init; }
    public ObjectReference? TargetRef { get; init; }
    public string? NodeName { get; init; }
    public string? Zone { get; init; }
    public EndpointHints? Hints { get; init; }
    public ImmutableDictionary<string, string>? DeprecatedTopology { get; init; }

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>Readiness of an endpoint; null means unknown, to be read as ready.</summary>
public sealed record EndpointConditions
{
    public bool? Ready { get; init; }
    public bool? Serving { get; init; }
    public bool? Terminating { get; init; }

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>Topology hints of an endpoint.</summary>
public sealed record EndpointHints
{
    public ImmutableArray<ForZone>? ForZones { get; init; }
    public ImmutableArray<ForNode>? ForNodes { get; init; }

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>A zone an endpoint should serve.</summary>
public sealed record ForZone
{
    public required string Name { get; init; }

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>A node an endpoint should serve.</summary>
public sealed record ForNode
{
    public required string Name { get; init; }

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
