using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Tdcc.Mesh.Kube.Json;

namespace Tdcc.Mesh.Kube.Model;

/// <summary><c>core/v1.Endpoints</c> (legacy; prefer <see cref="EndpointSlice"/>).</summary>
public sealed record Endpoints : IKubeObject<Endpoints>
{
    /// <summary>Where Endpoints objects are served.</summary>
    public static ResourceType Resource { get; } = new("", "v1", "Endpoints", "endpoints", Namespaced: true);

    public static JsonTypeInfo<Endpoints> JsonTypeInfo => KubeJsonContext.Default.Endpoints;

    public static JsonTypeInfo<KubeList<Endpoints>> ListJsonTypeInfo => KubeJsonContext.Default.KubeListEndpoints;

    public string? ApiVersion { get; init; } = "v1";
    public string? Kind { get; init; } = "Endpoints";
    public ObjectMeta Metadata { get => field ?? ObjectMeta.Empty; init; } = ObjectMeta.Empty;
    public ImmutableArray<EndpointSubset>? Subsets { get; init; }

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }

    public Endpoints WithMetadata(ObjectMeta metadata) => this with { Metadata = metadata };
}

/// <summary>A set of addresses sharing a set of ports.</summary>
public sealed record EndpointSubset
{
    public ImmutableArray<EndpointAddress>? Addresses { get; init; }
    public ImmutableArray<EndpointAddress>? NotReadyAddresses { get; init; }
    public ImmutableArray<EndpointPort>? Ports { get; init; }

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>One address of an endpoints subset.</summary>
public sealed record EndpointAddress
{
    [JsonPropertyName("ip")]
    public required string Ip { get; init; }
    public string? Hostname { get; init; }
    public string? NodeName { get; init; }
    public ObjectReference? TargetRef { get; init; }

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>A port of an endpoints subset or endpoint slice.</summary>
public sealed record EndpointPort
{
    public string? Name { get; init; }
    public int? Port { get; init; }
    public string? Protocol { get; init; }
    public string? AppProtocol { get; init; }

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
