using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Mcs.Json;

namespace Tdcc.Mesh.Mcs.Api;

/// <summary><c>about.k8s.io/v1beta1.ClusterProperty</c> (KEP-2149), cluster-scoped: for example the cluster id <c>cluster.clusterset.k8s.io</c>.</summary>
public sealed record ClusterProperty : IKubeObject<ClusterProperty>
{
    /// <summary>The name of the property holding the cluster id.</summary>
    public const string ClusterIdName = "cluster.clusterset.k8s.io";

    /// <summary>The name of the property holding the clusterset name.</summary>
    public const string ClusterSetName = "clusterset.k8s.io";

    /// <summary>Where ClusterProperty objects are served.</summary>
    public static ResourceType Resource { get; } = new(McsGroups.About, "v1beta1", "ClusterProperty", "clusterproperties", Namespaced: false);

    public static JsonTypeInfo<ClusterProperty> JsonTypeInfo => McsJsonContext.Default.ClusterProperty;

    public static JsonTypeInfo<KubeList<ClusterProperty>> ListJsonTypeInfo => McsJsonContext.Default.KubeListClusterProperty;

    public string? ApiVersion { get; init; } = McsGroups.About + "/v1beta1";
    public string? Kind { get; init; } = "ClusterProperty";
    public ObjectMeta Metadata { get => field ?? ObjectMeta.Empty; init; } = ObjectMeta.Empty;
    public ClusterPropertySpec? Spec { get; init; }

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }

    public ClusterProperty WithMetadata(ObjectMeta metadata) => this with { Metadata = metadata };
}

/// <summary>Spec of a ClusterProperty.</summary>
public sealed record ClusterPropertySpec
{
    public required string Value { get; init; }

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
