using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Tdcc.Mesh.Kube.Json;

namespace Tdcc.Mesh.Kube.Model;

/// <summary><c>apps/v1.ReplicaSet</c>.</summary>
public sealed record ReplicaSet : IKubeObject<ReplicaSet>
{
    /// <summary>Where ReplicaSet objects are served.</summary>
    public static ResourceType Resource { get; } = new("apps", "v1", "ReplicaSet", "replicasets", Namespaced: true);

    public static JsonTypeInfo<ReplicaSet> JsonTypeInfo => KubeJsonContext.Default.ReplicaSet;

    public static JsonTypeInfo<KubeList<ReplicaSet>> ListJsonTypeInfo => KubeJsonContext.Default.KubeListReplicaSet;

    public string? ApiVersion { get; init; } = "apps/v1";
    public string? Kind { get; init; } = "ReplicaSet";
    public ObjectMeta Metadata { get => field ?? ObjectMeta.Empty; init; } = ObjectMeta.Empty;
    public ReplicaSetSpec? Spec { get; init; }
    public ReplicaSetStatus? Status { get; init; }

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }

    public ReplicaSet WithMetadata(ObjectMeta metadata) => this with { Metadata = metadata };
}

/// <summary>Spec of a replica set.</summary>
public sealed record ReplicaSetSpec
{
    public int? Replicas { get; init; }
    public LabelSelector? Selector { get; init; }
    public PodTemplateSpec? Template { get; init; }
    public int? MinReadySeconds { get; init; }

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>Status of a replica set.</summary>
public sealed record ReplicaSetStatus
{
    public int? Replicas { get; init; }
    public int? FullyLabeledReplicas { get; init; }
    public int? ReadyReplicas { get; init; }
    public int? AvailableReplicas { get; init; }
    public int? TerminatingReplicas { get; init; }
    public long? ObservedGeneration { get; init; }
    public ImmutableArray<ResourceCondition>? Conditions { get; init; }

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
