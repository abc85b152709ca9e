using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Mcs.Json;

namespace Tdcc.Mesh.Mcs.Api;

/// <summary><c>multicluster.x-k8s.io/v1beta1.ServiceImport</c>: a service exported by one or more clusters of the clusterset.</summary>
public sealed record ServiceImport : IKubeObject<ServiceImport>
{
    /// <summary>Where ServiceImport objects are served.</summary>
    public static ResourceType Resource { get; } = new(McsGroups.Multicluster, "v1beta1", "ServiceImport", "serviceimports", Namespaced: true);

    public static JsonTypeInfo<ServiceImport> JsonTypeInfo => McsJsonContext.Default.ServiceImport;

    public static JsonTypeInfo<KubeList<ServiceImport>> ListJsonTypeInfo => McsJsonContext.Default.KubeListServiceImport;

    public string? ApiVersion { get; init; } = McsGroups.Multicluster + "/v1beta1";
    public string? Kind { get; init; } = "ServiceImport";
    public ObjectMeta Metadata { get => field ?? ObjectMeta.Empty; init; } = ObjectMeta.Empty;
    public ServiceImportSpec? Spec { get; init; }
    public ServiceImportStatus? Status { get; init; }

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }

    public ServiceImport WithMetadata(ObjectMeta metadata) => this with { Metadata = metadata };
}

/// <summary>Spec of a ServiceImport.</summary>
public sealed record ServiceImportSpec
{
    /// <summary>The union of the exported ports.</summary>
    public ImmutableArray<ServiceImportPort> Ports { get => field.IsDefault ? [] : field; init; }

    /// <summary>The clusterset IPs (at most two, in <see cref="IpFamilies"/> order); empty for headless services.</summary>
    [JsonPropertyName("ips")]
    public ImmutableArray<string>? Ips { get; init; }

    /// <summary><c>ClusterSetIP</c> or <c>Headless</c> (see <see cref="ServiceImportTypes"/>).</summary>
    public required string Type { get; init; }

    /// <summary><c>ClientIP</c> or <c>None</c>; ignored for headless services.</summary>
    public string? SessionAffinity { get; init; }

    public SessionAffinityConfig? SessionAffinityConfig { get; init; }

    [JsonPropertyName("ipFamilies")]
    public ImmutableArray<string>? IpFamilies { get; init; }

    public string? InternalTrafficPolicy { get; init; }

    public string? TrafficDistribution { get; init; }

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>One port of a ServiceImport (there is no targetPort in KEP-1645).</summary>
public sealed record ServiceImportPort
{
    public string? Name { get; init; }

    /// <summary><c>TCP</c>, <c>UDP</c> or <c>SCTP</c>; TCP when absent.</summary>
    public string? Protocol { get; init; }

    public string? AppProtocol { get; init; }

    public required int Port { get; init; }

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>Status of a ServiceImport.</summary>
public sealed record ServiceImportStatus
{
    /// <summary>The clusters that export the service.</summary>
    public ImmutableArray<ClusterStatus>? Clusters { get; init; }

    public ImmutableArray<Condition>? Conditions { get; init; }

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>One exporting cluster.</summary>
public sealed record ClusterStatus
{
    /// <summary>The cluster id (the <c>cluster.clusterset.k8s.io</c> ClusterProperty).</summary>
    public required string Cluster { get; init; }

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
