using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Tdcc.Mesh.Distribution.Json;
using Tdcc.Mesh.Kube.Model;

namespace Tdcc.Mesh.Distribution.Api;

/// <summary>
/// <c>apps.tdcc.io/v1alpha1.Delivery</c> (hub, namespaced): the rendered manifests of one Subscription for one cluster,
/// in that cluster's hub namespace. The hub writes the spec; the cluster's agent applies the manifests in the member and
/// writes the status (which is also its record of what it owns there).
/// </summary>
public sealed record Delivery : IKubeObject<Delivery>
{
    /// <summary>Where Delivery objects are served.</summary>
    public static ResourceType Resource { get; } = new(AppsApi.Group, AppsApi.Version, "Delivery", "deliveries", Namespaced: true);

    public static JsonTypeInfo<Delivery> JsonTypeInfo => DistributionJsonContext.Default.Delivery;

    public static JsonTypeInfo<KubeList<Delivery>> ListJsonTypeInfo => DistributionJsonContext.Default.KubeListDelivery;

    public string? ApiVersion { get; init; } = AppsApi.ApiVersion;
    public string? Kind { get; init; } = "Delivery";
    public ObjectMeta Metadata { get => field ?? ObjectMeta.Empty; init; } = ObjectMeta.Empty;
    public DeliverySpec? Spec { get; init; }
    public DeliveryStatus? Status { get; init; }

    /// <summary>Fields this model does not name, kept verbatim (setter only for the source generator; treat it as read-only).</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }

    public Delivery WithMetadata(ObjectMeta metadata) => this with { Metadata = metadata };
}

/// <summary>Spec of a Delivery.</summary>
public sealed record DeliverySpec
{
    /// <summary>The ManagedCluster name.</summary>
    public string? Cluster { get; init; }

    /// <summary>The Subscription this delivery comes from.</summary>
    public SubscriptionReference? Subscription { get; init; }

    /// <summary>The rendered objects, overrides applied.</summary>
    public ImmutableArray<JsonElement>? Manifests { get; init; }

    /// <summary>The Helm releases (chart feeds), each with its rendered objects.</summary>
    public ImmutableArray<DeliveryRelease>? Releases { get; init; }

    /// <summary>The Subscription's drift policy (<see cref="DriftPolicies"/>; null is Correct).</summary>
    public string? DriftPolicy { get; init; }

    /// <summary>Fields this model does not name, kept verbatim (setter only for the source generator; treat it as read-only).</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>Names a Subscription.</summary>
public sealed record SubscriptionReference
{
    public string? Namespace { get; init; }

    public string? Name { get; init; }

    public string? Uid { get; init; }

    /// <summary>Fields this model does not name, kept verbatim (setter only for the source generator; treat it as read-only).</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>Status of a Delivery, written by the member's agent.</summary>
public sealed record DeliveryStatus
{
    /// <summary>The metadata.generation the agent last applied.</summary>
    public long? ObservedGeneration { get; init; }

    /// <summary>The <see cref="DeliveryConditions.Applied"/> condition.</summary>
    public ImmutableArray<Condition>? Conditions { get; init; }

    /// <summary>Every object the agent applied or tried to, in the member.</summary>
    public ImmutableArray<ManifestStatus>? Manifests { get; init; }

    /// <summary>Each Helm release of the spec: the revision applied, deployed or failed, and why.</summary>
    public ImmutableArray<ReleaseStatus>? Releases { get; init; }

    /// <summary>Fields this model does not name, kept verbatim (setter only for the source generator; treat it as read-only).</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>One object's state in the member.</summary>
public sealed record ManifestStatus
{
    public string? ApiVersion { get; init; }

    public string? Kind { get; init; }

    public string? Namespace { get; init; }

    public string? Name { get; init; }

    /// <summary>Whether the last apply succeeded.</summary>
    public bool? Applied { get; init; }

    /// <summary>Why the apply failed.</summary>
    public string? Message { get; init; }

    /// <summary>Desired replicas (Deployment, StatefulSet, DaemonSet: desired scheduled).</summary>
    public int? Replicas { get; init; }

    /// <summary>Ready replicas from the member object's status (workloads only).</summary>
    public int? ReadyReplicas { get; init; }

    /// <summary>True when the member's object differs from the manifest (or is gone) and drift is only reported.</summary>
    public bool? Drifted { get; init; }

    /// <summary>Fields this model does not name, kept verbatim (setter only for the source generator; treat it as read-only).</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }

    /// <summary>Whether this entry names the same object as <paramref name="other"/> (group, kind, namespace, name).</summary>
    public bool SameObject(ManifestStatus other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Group(ApiVersion) == Group(other.ApiVersion) && Kind == other.Kind && (Namespace ?? string.Empty) == (other.Namespace ?? string.Empty) && Name == other.Name;
    }

    private static string Group(string? apiVersion) => apiVersion is null ? string.Empty : apiVersion.Contains('/', StringComparison.Ordinal) ? apiVersion[..apiVersion.IndexOf('/', StringComparison.Ordinal)] : string.Empty;
}
