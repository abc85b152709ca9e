using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Tdcc.Mesh.Distribution.Json;
using Tdcc.Mesh.Kube.Model;

namespace Tdcc.Mesh.Distribution.Api;

/// <summary>
/// <c>apps.tdcc.io/v1alpha1.Subscription</c> (hub, namespaced): which resources (feeds) go to which clusters
/// (subscribers), replicated or with their replicas divided.
/// </summary>
public sealed record Subscription : IKubeObject<Subscription>
{
    /// <summary>Where Subscription objects are served.</summary>
    public static ResourceType Resource { get; } = new(AppsApi.Group, AppsApi.Version, "Subscription", "subscriptions", Namespaced: true);

    public static JsonTypeInfo<Subscription> JsonTypeInfo => DistributionJsonContext.Default.Subscription;

    public static JsonTypeInfo<KubeList<Subscription>> ListJsonTypeInfo => DistributionJsonContext.Default.KubeListSubscription;

    public string? ApiVersion { get; init; } = AppsApi.ApiVersion;
    public string? Kind { get; init; } = "Subscription";
    public ObjectMeta Metadata { get => field ?? ObjectMeta.Empty; init; } = ObjectMeta.Empty;
    public SubscriptionSpec? Spec { get; init; }
    public SubscriptionStatus? Status { get; init; }

    /// <summary>Fields this model does not name, kept verbatim (setter only for the source generator; treat it as read-only).</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }

    public Subscription WithMetadata(ObjectMeta metadata) => this with { Metadata = metadata };
}

/// <summary>Spec of a Subscription.</summary>
public sealed record SubscriptionSpec
{
    /// <summary>The resources to distribute; all of them go to the same clusters.</summary>
    public ImmutableArray<Feed>? Feeds { get; init; }

    /// <summary>Which clusters subscribe: a cluster matching any subscriber is a candidate.</summary>
    public ImmutableArray<Subscriber>? Subscribers { get; init; }

    /// <summary>Cluster taints this subscription tolerates (a taint without a toleration filters the cluster out).</summary>
    public ImmutableArray<ClusterToleration>? ClusterTolerations { get; init; }

    /// <summary><see cref="SchedulingStrategies.Replicate"/> (default) or <see cref="SchedulingStrategies.Divide"/>.</summary>
    public string? SchedulingStrategy { get; init; }

    /// <summary>With Divide: <see cref="DivisionTypes.Static"/> (default, by subscriber weights) or <see cref="DivisionTypes.Dynamic"/> (by capacity).</summary>
    public string? DivisionType { get; init; }

    /// <summary>Fewer chosen clusters than this makes the subscription unschedulable.</summary>
    public int? MinClusters { get; init; }

    /// <summary>At most this many clusters are chosen (the best scored; clusters already holding the feeds first).</summary>
    public int? MaxClusters { get; init; }

    /// <summary>Spread over regions or zones.</summary>
    public ImmutableArray<SpreadConstraint>? SpreadConstraints { get; init; }

    /// <summary>How long a cluster may be not Ready before its replicas move to other clusters (default 300).</summary>
    public int? FailoverGracePeriodSeconds { get; init; }

    /// <summary>What the agents do with hand-made changes in the members: <see cref="DriftPolicies.Correct"/> (default) or <see cref="DriftPolicies.Report"/>.</summary>
    public string? DriftPolicy { get; init; }

    /// <summary>Fields this model does not name, kept verbatim (setter only for the source generator; treat it as read-only).</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>One resource to distribute: any kind by apiVersion/kind/namespace/name, or a Helm chart.</summary>
public sealed record Feed
{
    /// <summary>The resource's apiVersion (for example <c>apps/v1</c>); unset for a Helm chart feed.</summary>
    public string? ApiVersion { get; init; }

    /// <summary>The resource's kind (for example <c>Deployment</c>); unset for a Helm chart feed.</summary>
    public string? Kind { get; init; }

    /// <summary>The resource's namespace on the hub (unset for cluster-scoped kinds).</summary>
    public string? Namespace { get; init; }

    /// <summary>The resource's name on the hub.</summary>
    public string? Name { get; init; }

    /// <summary>A Helm chart to render and install instead of a hub resource.</summary>
    public HelmChartFeed? HelmChart { get; init; }

    /// <summary>Fields this model does not name, kept verbatim (setter only for the source generator; treat it as read-only).</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>A Helm chart feed: where the chart comes from and how it is released in each cluster.</summary>
public sealed record HelmChartFeed
{
    /// <summary>The chart repository: an HTTP(S) URL serving <c>index.yaml</c>, or an <c>oci://</c> reference.</summary>
    public string? Repository { get; init; }

    /// <summary>The chart's name in the repository.</summary>
    public string? Chart { get; init; }

    /// <summary>An exact version or a semver range (<c>^1.2</c>, <c>&gt;=1.0 &lt;2.0</c>); unset means the latest.</summary>
    public string? Version { get; init; }

    /// <summary>Values given to the chart (before Globalization and Localization HelmValues overrides).</summary>
    public JsonElement? Values { get; init; }

    /// <summary>The release name in each cluster (default: the chart name).</summary>
    public string? ReleaseName { get; init; }

    /// <summary>The namespace the release is installed into (default: the subscription's namespace).</summary>
    public string? TargetNamespace { get; init; }

    /// <summary>Fields this model does not name, kept verbatim (setter only for the source generator; treat it as read-only).</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>
/// A set of clusters: all of <see cref="ClusterNames"/> (when set), <see cref="LabelSelector"/> and
/// <see cref="FieldSelector"/> must hold.
/// </summary>
public sealed record Subscriber
{
    /// <summary>Only these clusters (by ManagedCluster name).</summary>
    public ImmutableArray<string>? ClusterNames { get; init; }

    /// <summary>A selector over the ManagedCluster's labels.</summary>
    public LabelSelector? LabelSelector { get; init; }

    /// <summary>A selector over the cluster's topology: keys <c>region</c> and <c>zone</c>, operators In and NotIn.</summary>
    public ClusterFieldSelector? FieldSelector { get; init; }

    /// <summary>Static division: this subscriber's weight; a cluster's weight is the sum over the subscribers matching it (default 1).</summary>
    public int? Weight { get; init; }

    /// <summary>Fields this model does not name, kept verbatim (setter only for the source generator; treat it as read-only).</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>A selector over cluster fields (<see cref="TopologyKeys.Region"/>, <see cref="TopologyKeys.Zone"/>).</summary>
public sealed record ClusterFieldSelector
{
    public ImmutableArray<LabelSelectorRequirement>? MatchExpressions { get; init; }

    /// <summary>Fields this model does not name, kept verbatim (setter only for the source generator; treat it as read-only).</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>A toleration of a cluster taint (the same rules as a pod's toleration of a node taint).</summary>
public sealed record ClusterToleration
{
    /// <summary>The taint key; empty with operator Exists tolerates every taint.</summary>
    public string? Key { get; init; }

    /// <summary><c>Equal</c> (default) or <c>Exists</c>.</summary>
    public string? Operator { get; init; }

    /// <summary>The taint value for Equal.</summary>
    public string? Value { get; init; }

    /// <summary><c>NoSchedule</c>, <c>PreferNoSchedule</c>, <c>NoExecute</c>, or empty for all effects.</summary>
    public string? Effect { get; init; }

    /// <summary>With NoExecute: how long the replicas stay on a cluster after the taint appears (unset: forever).</summary>
    public long? TolerationSeconds { get; init; }

    /// <summary>Fields this model does not name, kept verbatim (setter only for the source generator; treat it as read-only).</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>Spread the chosen clusters over regions or zones.</summary>
public sealed record SpreadConstraint
{
    /// <summary><see cref="TopologyKeys.Region"/> or <see cref="TopologyKeys.Zone"/>.</summary>
    public string? TopologyKey { get; init; }

    /// <summary>At least this many distinct groups (regions or zones) among the chosen clusters.</summary>
    public int? MinGroups { get; init; }

    /// <summary>At most this many distinct groups.</summary>
    public int? MaxGroups { get; init; }

    /// <summary>Fields this model does not name, kept verbatim (setter only for the source generator; treat it as read-only).</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>Status of a Subscription: the scheduler's decision.</summary>
public sealed record SubscriptionStatus
{
    /// <summary>The metadata.generation this status was computed for.</summary>
    public long? ObservedGeneration { get; init; }

    /// <summary>The Scheduled condition.</summary>
    public ImmutableArray<Condition>? Conditions { get; init; }

    /// <summary>Every cluster chosen for the feeds, with its replicas.</summary>
    public ImmutableArray<PlacementDecision>? Placements { get; init; }

    /// <summary>The candidate clusters the scheduler considered bound last time (including failing ones within their grace period).</summary>
    public ImmutableArray<string>? BindingClusters { get; init; }

    /// <summary>Clusters filtered out, each with a reason a user can read (at most 50 listed).</summary>
    public ImmutableArray<ClusterRejectionStatus>? FilteredClusters { get; init; }

    /// <summary>Number of placements (printer column).</summary>
    public int? ClusterCount { get; init; }

    /// <summary>Replicas placed over all clusters, for divided feeds (printer column).</summary>
    public int? Replicas { get; init; }

    /// <summary>Helm chart feeds: each release in each placed cluster (revision, deployed/failed/pending, message).</summary>
    public ImmutableArray<ReleaseStatus>? Releases { get; init; }

    /// <summary>Fields this model does not name, kept verbatim (setter only for the source generator; treat it as read-only).</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>One cluster's share of a subscription.</summary>
public sealed record PlacementDecision
{
    /// <summary>The ManagedCluster name.</summary>
    public string? Cluster { get; init; }

    /// <summary>Divide: the replicas in this cluster, summed over the divided feeds; Replicate: unset.</summary>
    public int? Replicas { get; init; }

    /// <summary>Divide: the replicas of each divided feed in this cluster, keyed <c>Kind/namespace/name</c>.</summary>
    public ImmutableDictionary<string, int>? FeedReplicas { get; init; }

    /// <summary>The cluster failed and its replicas were moved: this copy stays until the new ones are ready.</summary>
    public bool? Evicting { get; init; }

    /// <summary>When the eviction started.</summary>
    public DateTimeOffset? EvictionStartTime { get; init; }

    /// <summary>Ready replicas reported back by the member (status aggregation; used to end a graceful eviction).</summary>
    public int? ReadyReplicas { get; init; }

    /// <summary>Fields this model does not name, kept verbatim (setter only for the source generator; treat it as read-only).</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>A cluster the filters rejected, and why.</summary>
public sealed record ClusterRejectionStatus
{
    public string? Cluster { get; init; }

    /// <summary>The filter plugin that rejected the cluster.</summary>
    public string? Filter { get; init; }

    /// <summary>Why, in words (for example <c>cluster has taint dedicated=gpu:NoSchedule that the subscription does not tolerate</c>).</summary>
    public string? Reason { get; init; }

    /// <summary>Fields this model does not name, kept verbatim (setter only for the source generator; treat it as read-only).</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
