using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Tdcc.Mesh.Kube.Json;

namespace Tdcc.Mesh.Kube.Model;

/// <summary><c>core/v1.Service</c>.</summary>
public sealed record Service : IKubeObject<Service>
{
    /// <summary>Where Service objects are served.</summary>
    public static ResourceType Resource { get; } = new("", "v1", "Service", "services", Namespaced: true);

    public static JsonTypeInfo<Service> JsonTypeInfo => KubeJsonContext.Default.Service;

    public static JsonTypeInfo<KubeList<Service>> ListJsonTypeInfo => KubeJsonContext.Default.KubeListService;

    public string? ApiVersion { get; init; } = "v1";
    public string? Kind { get; init; } = "Service";
    public ObjectMeta Metadata { get => field ?? ObjectMeta.Empty; init; } = ObjectMeta.Empty;
    public ServiceSpec? Spec { get; init; }
    public ServiceStatus? Status { get; init; }

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }

    public Service WithMetadata(ObjectMeta metadata) => this with { Metadata = metadata };
}

/// <summary>Spec of a service.</summary>
public sealed record ServiceSpec
{
    /// <summary><c>ClusterIP</c>, <c>NodePort</c>, <c>LoadBalancer</c> or <c>ExternalName</c>.</summary>
    public string? Type { get; init; }
    public ImmutableDictionary<string, string>? Selector { get; init; }
    public ImmutableArray<ServicePort>? Ports { get; init; }
    [JsonPropertyName("clusterIP")]
    public string? ClusterIP { get; init; }
    [JsonPropertyName("clusterIPs")]
    public ImmutableArray<string>? ClusterIPs { get; init; }
    [JsonPropertyName("externalIPs")]
    public ImmutableArray<string>? ExternalIPs { get; init; }
    public string? ExternalName { get; init; }
    public string? SessionAffinity { get; init; }
    public JsonElement? SessionAffinityConfig { get; init; }
    public string? InternalTrafficPolicy { get; init; }
    public string? ExternalTrafficPolicy { get; init; }
    public string? TrafficDistribution { get; init; }
    [JsonPropertyName("ipFamilies")]
    public ImmutableArray<string>? IpFamilies { get; init; }
    [JsonPropertyName("ipFamilyPolicy")]
    public string? IpFamilyPolicy { get; init; }
    public bool? PublishNotReadyAddresses { get; init; }
    [JsonPropertyName("loadBalancerIP")]
    public string? LoadBalancerIP { get; init; }
    public string? LoadBalancerClass { get; init; }
    public int? HealthCheckNodePort { get; init; }
    public bool? AllocateLoadBalancerNodePorts { get; init; }

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>One port of a service.</summary>
public sealed record ServicePort
{
    public string? Name { get; init; }
    public string? Protocol { get; init; }
    public string? AppProtocol { get; init; }
    public required int Port { get; init; }
    public IntOrString? TargetPort { get; init; }
    public int? NodePort { get; init; }

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>Status of a service.</summary>
public sealed record ServiceStatus
{
    public LoadBalancerStatus? LoadBalancer { get; init; }
    public ImmutableArray<Condition>? Conditions { get; init; }

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>Load balancer status of a service.</summary>
public sealed record LoadBalancerStatus
{
    public ImmutableArray<LoadBalancerIngress>? Ingress { get; init; }

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>One ingress point of a load balancer.</summary>
public sealed record LoadBalancerIngress
{
    [JsonPropertyName("ip")]
    public string? Ip { get; init; }
    public string? Hostname { get; init; }
    [JsonPropertyName("ipMode")]
    public string? IpMode { get; init; }
    public JsonElement? Ports { get; init; }

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
