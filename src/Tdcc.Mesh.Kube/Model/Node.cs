using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Tdcc.Mesh.Kube.Json;

namespace Tdcc.Mesh.Kube.Model;

/// <summary><c>core/v1.Node</c>.</summary>
public sealed record Node : IKubeObject<Node>
{
    /// <summary>Where Node objects are served.</summary>
    public static ResourceType Resource { get; } = new("", "v1", "Node", "nodes", Namespaced: false);

    public static JsonTypeInfo<Node> JsonTypeInfo => KubeJsonContext.Default.Node;

    public static JsonTypeInfo<KubeList<Node>> ListJsonTypeInfo => KubeJsonContext.Default.KubeListNode;

    public string? ApiVersion { get; init; } = "v1";
    public string? Kind { get; init; } = "Node";
    public ObjectMeta Metadata { get => field ?? ObjectMeta.Empty; init; } = ObjectMeta.Empty;
    public NodeSpec? Spec { get; init; }
    public NodeStatus? Status { get; init; }

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }

    public Node WithMetadata(ObjectMeta metadata) => this with { Metadata = metadata };
}

/// <summary>Spec of a node.</summary>
public sealed record NodeSpec
{
    [JsonPropertyName("podCIDR")]
    public string? PodCIDR { get; init; }
    [JsonPropertyName("podCIDRs")]
    public ImmutableArray<string>? PodCIDRs { get; init; }
    [JsonPropertyName("providerID")]
    public string? ProviderID { get; init; }
    public bool? Unschedulable { get; init; }
    public ImmutableArray<Taint>? Taints { get; init; }

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>A taint of a node.</summary>
public sealed record Taint
{
    public required string Key { get; init; }
    public string? Value { get; init; }
    public required string Effect { get; init; }
    public DateTimeOffset? TimeAdded { get; init; }

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>Status of a node.</summary>
public sealed record NodeStatus
{
    public ImmutableDictionary<string, string>? Capacity { get; init; }
    public ImmutableDictionary<string, string>? Allocatable { get; init; }
    public ImmutableArray<NodeAddress>? Addresses { get; init; }
    public ImmutableArray<NodeCondition>? Conditions { get; init; }
    public NodeSystemInfo? NodeInfo { get; init; }
    public string? Phase { get; init; }

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>An address of a node.</summary>
public sealed record NodeAddress
{
    /// <summary><c>InternalIP</c>, <c>ExternalIP</c>, <c>Hostname</c>, ...</summary>
    public required string Type { get; init; }
    public required string Address { get; init; }

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>A node condition (<c>Ready</c>, <c>MemoryPressure</c>, ...).</summary>
public sealed record NodeCondition
{
    public required string Type { get; init; }
    public required string Status { get; init; }
    public DateTimeOffset? LastHeartbeatTime { get; init; }
    public DateTimeOffset? LastTransitionTime { get; init; }
    public string? Reason { get; init; }
    public string? Message { get; init; }

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>What runs on a node.</summary>
public sealed record NodeSystemInfo
{
    [JsonPropertyName("machineID")]
    public string? MachineID { get; init; }
    [JsonPropertyName("systemUUID")]
    public string? SystemUUID { get; init; }
    [JsonPropertyName("bootID")]
    public string? BootID { get; init; }
    public string? KernelVersion { get; init; }
    [JsonPropertyName("osImage")]
    public string? OsImage { get; init; }
    public string? ContainerRuntimeVersion { get; init; }
    public string? KubeletVersion { get; init; }
    public string? KubeProxyVersion { get; init; }
    public string? OperatingSystem { get; init; }
    public string? Architecture { get; init; }

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
