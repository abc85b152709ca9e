using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Tdcc.Mesh.Kube.Json;

namespace Tdcc.Mesh.Kube.Model;

/// <summary><c>core/v1.Pod</c>.</summary>
public sealed record Pod : IKubeObject<Pod>
{
    /// <summary>Where Pod objects are served.</summary>
    public static ResourceType Resource { get; } = new("", "v1", "Pod", "pods", Namespaced: true);

    public static JsonTypeInfo<Pod> JsonTypeInfo => KubeJsonContext.Default.Pod;

    public static JsonTypeInfo<KubeList<Pod>> ListJsonTypeInfo => KubeJsonContext.Default.KubeListPod;

    public string? ApiVersion { get; init; } = "v1";
    public string? Kind { get; init; } = "Pod";
    public ObjectMeta Metadata { get => field ?? ObjectMeta.Empty; init; } = ObjectMeta.Empty;
    public PodSpec? Spec { get; init; }
    public PodStatus? Status { get; init; }

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }

    public Pod WithMetadata(ObjectMeta metadata) => this with { Metadata = metadata };
}

/// <summary>Status of a pod.</summary>
public sealed record PodStatus
{
    /// <summary><c>Pending</c>, <c>Running</c>, <c>Succeeded</c>, <c>Failed</c> or <c>Unknown</c>.</summary>
    public string? Phase { get; init; }
    public ImmutableArray<PodCondition>? Conditions { get; init; }
    [JsonPropertyName("podIP")]
    public string? PodIP { get; init; }
    [JsonPropertyName("podIPs")]
    public ImmutableArray<PodIP>? PodIPs { get; init; }
    [JsonPropertyName("hostIP")]
    public string? HostIP { get; init; }
    [JsonPropertyName("hostIPs")]
    public ImmutableArray<PodIP>? HostIPs { get; init; }
    public DateTimeOffset? StartTime { get; init; }
    public ImmutableArray<ContainerStatus>? ContainerStatuses { get; init; }
    public ImmutableArray<ContainerStatus>? InitContainerStatuses { get; init; }
    public string? QosClass { get; init; }
    public string? Reason { get; init; }
    public string? Message { get; init; }
    public string? NominatedNodeName { get; init; }
    public long? ObservedGeneration { get; init; }

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>One IP of a pod or host.</summary>
public sealed record PodIP
{
    [JsonPropertyName("ip")]
    public required string Ip { get; init; }

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>A pod condition (<c>PodScheduled</c>, <c>Initialized</c>, <c>ContainersReady</c>, <c>Ready</c>, ...).</summary>
public sealed record PodCondition
{
    public required string Type { get; init; }
    public required string Status { get; init; }
    public DateTimeOffset? LastProbeTime { get; init; }
    public DateTimeOffset? LastTransitionTime { get; init; }
    public string? Reason { get; init; }
    public string? Message { get; init; }
    public long? ObservedGeneration { get; init; }

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>Status of one container of a pod.</summary>
public sealed record ContainerStatus
{
    public required string Name { get; init; }
    public bool? Ready { get; init; }
    public int? RestartCount { get; init; }
    public string? Image { get; init; }
    [JsonPropertyName("imageID")]
    public string? ImageID { get; init; }
    [JsonPropertyName("containerID")]
    public string? ContainerID { get; init; }
    public bool? Started { get; init; }
    public JsonElement? State { get; init; }
    public JsonElement? LastState { get; init; }

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
