using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Mcs.Json;

namespace Tdcc.Mesh.Mcs.Api;

/// <summary>
/// <c>tdcc.io/v1alpha1.ExportedService</c>: the hub's copy of one cluster's export, in that cluster's hub namespace,
/// named <c>&lt;namespace&gt;.&lt;name&gt;</c>. The agent writes the spec; the hub writes the Conflict verdict into the status.
/// </summary>
public sealed record ExportedService : IKubeObject<ExportedService>
{
    /// <summary>Where ExportedService objects are served.</summary>
    public static ResourceType Resource { get; } = new(McsGroups.Tdcc, "v1alpha1", "ExportedService", "exportedservices", Namespaced: true);

    public static JsonTypeInfo<ExportedService> JsonTypeInfo => McsJsonContext.Default.ExportedService;

    public static JsonTypeInfo<KubeList<ExportedService>> ListJsonTypeInfo => McsJsonContext.Default.KubeListExportedService;

    public string? ApiVersion { get; init; } = McsGroups.Tdcc + "/v1alpha1";
    public string? Kind { get; init; } = "ExportedService";
    public ObjectMeta Metadata { get => field ?? ObjectMeta.Empty; init; } = ObjectMeta.Empty;
    public ExportedServiceSpec? Spec { get; init; }
    public ExportedServiceStatus? Status { get; init; }

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }

    public ExportedService WithMetadata(ObjectMeta metadata) => this with { Metadata = metadata };
}

/// <summary>The exported shape of one cluster's service.</summary>
public sealed record ExportedServiceSpec
{
    public required string ClusterId { get; init; }
    public required string ServiceNamespace { get; init; }
    public required string ServiceName { get; init; }

    /// <summary>The ServiceExport's creationTimestamp: the oldest export wins conflicts.</summary>
    public required DateTimeOffset ExportCreationTimestamp { get; init; }

    /// <summary><c>ClusterSetIP</c> or <c>Headless</c>.</summary>
    public required string Type { get; init; }
    public ImmutableArray<ServiceImportPort> Ports { get => field.IsDefault ? [] : field; init; }
    public string? SessionAffinity { get; init; }
    public SessionAffinityConfig? SessionAffinityConfig { get; init; }
    [JsonPropertyName("ipFamilies")]
    public ImmutableArray<string>? IpFamilies { get; init; }
    public string? InternalTrafficPolicy { get; init; }
    public string? TrafficDistribution { get; init; }
    public ImmutableDictionary<string, string>? ExportedLabels { get; init; }
    public ImmutableDictionary<string, string>? ExportedAnnotations { get; init; }

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>The hub's verdict on the export.</summary>
public sealed record ExportedServiceStatus
{
    public ImmutableArray<Condition>? Conditions { get; init; }

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
