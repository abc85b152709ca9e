using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Tdcc.Mesh.Clusters.Json;
using Tdcc.Mesh.Kube.Model;

namespace Tdcc.Mesh.Clusters.Model;

/// <summary><c>about.k8s.io/v1beta1.ClusterProperty</c> (KEP-2149, cluster-scoped).</summary>
public sealed record ClusterProperty : IKubeObject<ClusterProperty>
{
    /// <summary>The cluster id property: unique in the clusterset, immutable while a member.</summary>
    public const string ClusterIdName = "cluster.clusterset.k8s.io";

    /// <summary>The clusterset property: exists only while the cluster is a member.</summary>
    public const string ClusterSetName = "clusterset.k8s.io";

    /// <summary>Where ClusterProperty objects are served.</summary>
    public static ResourceType Resource { get; } = new("about.k8s.io", "v1beta1", "ClusterProperty", "clusterproperties", Namespaced: false);

    public static JsonTypeInfo<ClusterProperty> JsonTypeInfo => ClustersJsonContext.Default.ClusterProperty;

    public static JsonTypeInfo<KubeList<ClusterProperty>> ListJsonTypeInfo => ClustersJsonContext.Default.KubeListClusterProperty;

    public string? ApiVersion { get; init; } = "about.k8s.io/v1beta1";
    public string? Kind { get; init; } = "ClusterProperty";
    public ObjectMeta Metadata { get => field ?? ObjectMeta.Empty; init; } = ObjectMeta.Empty;
    public ClusterPropertySpec? Spec { get; init; }

    /// <summary>Fields this model does not name, kept verbatim.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }

    public ClusterProperty WithMetadata(ObjectMeta metadata) => this with { Metadata = metadata };
}

/// <summary>Spec of a ClusterProperty.</summary>
public sealed record ClusterPropertySpec
{
    public string? Value { get; init; }

    /// <summary>Fields this model does not name, kept verbatim.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
