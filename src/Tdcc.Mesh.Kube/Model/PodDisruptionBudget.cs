using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Tdcc.Mesh.Kube.Json;

namespace Tdcc.Mesh.Kube.Model;

/// <summary><c>policy/v1.PodDisruptionBudget</c>: how many of a set of pods voluntary disruptions (evictions) may take down.</summary>
public sealed record PodDisruptionBudget : IKubeObject<PodDisruptionBudget>
{
    /// <summary>Where PodDisruptionBudget objects are served.</summary>
    public static ResourceType Resource { get; } = new("policy", "v1", "PodDisruptionBudget", "poddisruptionbudgets", Namespaced: true);

    public static JsonTypeInfo<PodDisruptionBudget> JsonTypeInfo => KubeJsonContext.Default.PodDisruptionBudget;

    public static JsonTypeInfo<KubeList<PodDisruptionBudget>> ListJsonTypeInfo => KubeJsonContext.Default.KubeListPodDisruptionBudget;

    public string? ApiVersion { get; init; } = "policy/v1";
    public string? Kind { get; init; } = "PodDisruptionBudget";
    public ObjectMeta Metadata { get => field ?? ObjectMeta.Empty; init; } = ObjectMeta.Empty;
    public PodDisruptionBudgetSpec? Spec { get; init; }
    public PodDisruptionBudgetStatus? Status { get; init; }

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }

    public PodDisruptionBudget WithMetadata(ObjectMeta metadata) => this with { Metadata = metadata };
}

/// <summary>Spec of a PodDisruptionBudget: <c>minAvailable</c> or <c>maxUnavailable</c> (a count or a percentage) of the selected pods.</summary>
public sealed record PodDisruptionBudgetSpec
{
    public IntOrString? MinAvailable { get; init; }
    public IntOrString? MaxUnavailable { get; init; }
    public LabelSelector? Selector { get; init; }

    /// <summary><c>IfHealthyBudget</c> (the default) or <c>AlwaysAllow</c>.</summary>
    public string? UnhealthyPodEvictionPolicy { get; init; }

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>Status of a PodDisruptionBudget, computed by the disruption controller and charged by evictions.</summary>
public sealed record PodDisruptionBudgetStatus
{
    public long? ObservedGeneration { get; init; }
    public ImmutableDictionary<string, DateTimeOffset>? DisruptedPods { get; init; }
    public int DisruptionsAllowed { get; init; }
    public int CurrentHealthy { get; init; }
    public int DesiredHealthy { get; init; }
    public int ExpectedPods { get; init; }
    public ImmutableArray<Condition>? Conditions { get; init; }

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
