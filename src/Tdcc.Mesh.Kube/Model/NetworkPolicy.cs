using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Tdcc.Mesh.Kube.Json;

namespace Tdcc.Mesh.Kube.Model;

/// <summary><c>networking.k8s.io/v1.NetworkPolicy</c>.</summary>
public sealed record NetworkPolicy : IKubeObject<NetworkPolicy>
{
    /// <summary>Where NetworkPolicy objects are served.</summary>
    public static ResourceType Resource { get; } = new("networking.k8s.io", "v1", "NetworkPolicy", "networkpolicies", Namespaced: true);

    public static JsonTypeInfo<NetworkPolicy> JsonTypeInfo => KubeJsonContext.Default.NetworkPolicy;

    public static JsonTypeInfo<KubeList<NetworkPolicy>> ListJsonTypeInfo => KubeJsonContext.Default.KubeListNetworkPolicy;

    public string? ApiVersion { get; init; } = "networking.k8s.io/v1";
    public string? Kind { get; init; } = "NetworkPolicy";
    public ObjectMeta Metadata { get => field ?? ObjectMeta.Empty; init; } = ObjectMeta.Empty;
    public NetworkPolicySpec? Spec { get; init; }

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }

    public NetworkPolicy WithMetadata(ObjectMeta metadata) => this with { Metadata = metadata };
}

/// <summary>Spec of a network policy.</summary>
public sealed record NetworkPolicySpec
{
    public LabelSelector? PodSelector { get; init; }
    public ImmutableArray<NetworkPolicyIngressRule>? Ingress { get; init; }
    public ImmutableArray<NetworkPolicyEgressRule>? Egress { get; init; }
    /// <summary><c>Ingress</c> and/or <c>Egress</c>.</summary>
    public ImmutableArray<string>? PolicyTypes { get; init; }

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>Traffic a policy lets in.</summary>
public sealed record NetworkPolicyIngressRule
{
    public ImmutableArray<NetworkPolicyPeer>? From { get; init; }
    public ImmutableArray<NetworkPolicyPort>? Ports { get; init; }

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>Traffic a policy lets out.</summary>
public sealed record NetworkPolicyEgressRule
{
    public ImmutableArray<NetworkPolicyPeer>? To { get; init; }
    public ImmutableArray<NetworkPolicyPort>? Ports { get; init; }

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>A peer of a network policy rule.</summary>
public sealed record NetworkPolicyPeer
{
    public LabelSelector? PodSelector { get; init; }
    public LabelSelector? NamespaceSelector { get; init; }
    [JsonPropertyName("ipBlock")]
    public IpBlock? IpBlock { get; init; }

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>A CIDR with exceptions.</summary>
public sealed record IpBlock
{
    public required string Cidr { get; init; }
    public ImmutableArray<string>? Except { get; init; }

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>A port of a network policy rule.</summary>
public sealed record NetworkPolicyPort
{
    public string? Protocol { get; init; }
    public IntOrString? Port { get; init; }
    public int? EndPort { get; init; }

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
