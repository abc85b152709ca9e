using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Tdcc.Mesh.Kube.Json;

namespace Tdcc.Mesh.Kube.Model;

/// <summary><c>apps/v1.DaemonSet</c>.</summary>
public sealed record DaemonSet : IKubeObject<DaemonSet>
{
    /// <summary>Where DaemonSet objects are served.</summary>
    public static ResourceType Resource { get; } = new("apps", "v1", "DaemonSet", "daemonsets", Namespaced: true);

    public static JsonTypeInfo<DaemonSet> JsonTypeInfo => KubeJsonContext.Default.DaemonSet;

    public static JsonTypeInfo<KubeList<DaemonSet>> ListJsonTypeInfo => KubeJsonContext.Default.KubeListDaemonSet;

    public string? ApiVersion { get; init; } = "apps/v1";
    public string? Kind { get; init; } = "DaemonSet";
    public ObjectMeta Metadata { get => field ?? ObjectMeta.Empty; init; } = ObjectMeta.Empty;
    public DaemonSetSpec? Spec { get; init; }
    public DaemonSetStatus? Status { get; init; }

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }

    public DaemonSet WithMetadata(ObjectMeta metadata) => this with { Metadata = metadata };
}

/// <summary>Spec of a daemon set.</summary>
public sealed record DaemonSetSpec
{
    public LabelSelector? Selector { get; init; }
    public PodTemplateSpec? Template { get; init; }
    public DaemonSetUpdateStrategy? UpdateStrategy { get; init; }
    public int? MinReadySeconds { get; init; }
    public int? RevisionHistoryLimit { get; init; }

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>How a daemon set updates pods.</summary>
public sealed record DaemonSetUpdateStrategy
{
    /// <summary><c>RollingUpdate</c> or <c>OnDelete</c>.</summary>
    public string? Type { get; init; }
    public RollingUpdateDaemonSet? RollingUpdate { get; init; }

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>Rolling update bounds of a daemon set.</summary>
public sealed record RollingUpdateDaemonSet
{
    public IntOrString? MaxUnavailable { get; init; }
    public IntOrString? MaxSurge { get; init; }

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>Status of a daemon set.</summary>
public sealed record DaemonSetStatus
{
    public int? CurrentNumberScheduled { get; init; }
    public int? NumberMisscheduled { get; init; }
    public int? DesiredNumberScheduled { get; init; }
    public int? NumberReady { get; init; }
    public long? ObservedGeneration { get; init; }
    public int? UpdatedNumberScheduled { get; init; }
    public int? NumberAvailable { get; init; }
    public int? NumberUnavailable { get; init; }
    public int? CollisionCount { get; init; }
    public ImmutableArray<ResourceCondition>? Conditions { get; init; }

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
