using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Tdcc.Mesh.Kube.Json;

namespace Tdcc.Mesh.Kube.Model;

/// <summary><c>apps/v1.StatefulSet</c>.</summary>
public sealed record StatefulSet : IKubeObject<StatefulSet>
{
    /// <summary>Where StatefulSet objects are served.</summary>
    public static ResourceType Resource { get; } = new("apps", "v1", "StatefulSet", "statefulsets", Namespaced: true);

    public static JsonTypeInfo<StatefulSet> JsonTypeInfo => KubeJsonContext.Default.StatefulSet;

    public static JsonTypeInfo<KubeList<StatefulSet>> ListJsonTypeInfo => KubeJsonContext.Default.KubeListStatefulSet;

    public string? ApiVersion { get; init; } = "apps/v1";
    public string? Kind { get; init; } = "StatefulSet";
    public ObjectMeta Metadata { get => field ?? ObjectMeta.Empty; init; } = ObjectMeta.Empty;
    public StatefulSetSpec? Spec { get; init; }
    public StatefulSetStatus? Status { get; init; }

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }

    public StatefulSet WithMetadata(ObjectMeta metadata) => this with { Metadata = metadata };
}

/// <summary>Spec of a stateful set.</summary>
public sealed record StatefulSetSpec
{
    public int? Replicas { get; init; }
    public LabelSelector? Selector { get; init; }
    public PodTemplateSpec? Template { get; init; }
    public string? ServiceName { get; init; }
    /// <summary><c>OrderedReady</c> or <c>Parallel</c>.</summary>
    public string? PodManagementPolicy { get; init; }
    public StatefulSetUpdateStrategy? UpdateStrategy { get; init; }
    public JsonElement? VolumeClaimTemplates { get; init; }
    public int? RevisionHistoryLimit { get; init; }
    public int? MinReadySeconds { get; init; }
    public JsonElement? PersistentVolumeClaimRetentionPolicy { get; init; }
    public StatefulSetOrdinals? Ordinals { get; init; }

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>How a stateful set updates pods.</summary>
public sealed record StatefulSetUpdateStrategy
{
    /// <summary><c>RollingUpdate</c> or <c>OnDelete</c>.</summary>
    public string? Type { get; init; }
    public RollingUpdateStatefulSetStrategy? RollingUpdate { get; init; }

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>Rolling update bounds of a stateful set.</summary>
public sealed record RollingUpdateStatefulSetStrategy
{
    public int? Partition { get; init; }
    public IntOrString? MaxUnavailable { get; init; }

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>The first ordinal of a stateful set.</summary>
public sealed record StatefulSetOrdinals
{
    public int? Start { get; init; }

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>Status of a stateful set.</summary>
public sealed record StatefulSetStatus
{
    public long? ObservedGeneration { get; init; }
    public int? Replicas { get; init; }
    public int? ReadyReplicas { get; init; }
    public int? CurrentReplicas { get; init; }
    public int? UpdatedReplicas { get; init; }
    public int? AvailableReplicas { get; init; }
    public string? CurrentRevision { get; init; }
    public string? UpdateRevision { get; init; }
    public int? CollisionCount { get; init; }
    public ImmutableArray<ResourceCondition>? Conditions { get; init; }

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
