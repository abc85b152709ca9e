using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Tdcc.Mesh.Clusters.Json;
using Tdcc.Mesh.Kube.Model;

namespace Tdcc.Mesh.Clusters.Model;

/// <summary><c>clusters.tdcc.io/v1alpha1.ManagedCluster</c>: a member cluster as the hub knows it (cluster-scoped; the name is the cluster name).</summary>
public sealed record ManagedCluster : IKubeObject<ManagedCluster>
{
    /// <summary>Where ManagedCluster objects are served.</summary>
    public static ResourceType Resource { get; } = new(ClustersApi.Group, ClustersApi.Version, "ManagedCluster", "managedclusters", Namespaced: false);

    public static JsonTypeInfo<ManagedCluster> JsonTypeInfo => ClustersJsonContext.Default.ManagedCluster;

    public static JsonTypeInfo<KubeList<ManagedCluster>> ListJsonTypeInfo => ClustersJsonContext.Default.KubeListManagedCluster;

    public string? ApiVersion { get; init; } = ClustersApi.ApiVersion;
    public string? Kind { get; init; } = "ManagedCluster";
    public ObjectMeta Metadata { get => field ?? ObjectMeta.Empty; init; } = ObjectMeta.Empty;
    public ManagedClusterSpec? Spec { get; init; }
    public ManagedClusterStatus? Status { get; init; }

    /// <summary>Fields this model does not name, kept verbatim (setter only for the source generator).</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }

    public ManagedCluster WithMetadata(ObjectMeta metadata) => this with { Metadata = metadata };
}

/// <summary>Spec of a ManagedCluster. Scheduling labels are the object's metadata labels.</summary>
public sealed record ManagedClusterSpec
{
    /// <summary>The cluster id (the member's <c>cluster.clusterset.k8s.io</c> ClusterProperty).</summary>
    public string? ClusterId { get; init; }

    /// <summary><c>Pull</c> (an agent in the member dials the hub) or <c>Push</c> (the hub works on the member with a kubeconfig it holds).</summary>
    public string? SyncMode { get; init; }

    /// <summary>Push mode: the Secret (key <c>kubeconfig</c>) with the member's kubeconfig.</summary>
    public SecretReference? KubeconfigSecretRef { get; init; }

    public ImmutableArray<Taint>? Taints { get; init; }

    /// <summary>Fields this model does not name, kept verbatim.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>Status of a ManagedCluster: written by the agent (version, capacity) and the hub (conditions, lastSeen).</summary>
public sealed record ManagedClusterStatus
{
    public string? KubernetesVersion { get; init; }
    public ImmutableArray<Condition>? Conditions { get; init; }
    public ImmutableDictionary<string, string>? Capacity { get; init; }
    public ImmutableDictionary<string, string>? Allocatable { get; init; }

    /// <summary>The summed requests of the member's non-terminated pods bound to nodes (<c>pods</c>: their count).</summary>
    public ImmutableDictionary<string, string>? Requested { get; init; }

    /// <summary>Per-node resources grouped by equal values; null when the member has more distinct nodes than the agent reports (then only the totals count).</summary>
    public ImmutableArray<NodeResourceGroup>? NodeGroups { get; init; }

    /// <summary>The group/versions the member serves (<c>v1</c>, <c>apps/v1</c>, ...), from its discovery.</summary>
    public ImmutableArray<string>? ApiVersions { get; init; }

    public int? NodeCount { get; init; }

    /// <summary>The renew time of the cluster's heartbeat Lease when the hub last looked.</summary>
    public DateTimeOffset? LastSeen { get; init; }

    /// <summary>The cluster's hub namespace.</summary>
    public string? Namespace { get; init; }

    /// <summary>Where the cluster's east-west gateway is dialled (reported by its agent).</summary>
    public ClusterGateway? Gateway { get; init; }

    /// <summary>Fields this model does not name, kept verbatim.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
