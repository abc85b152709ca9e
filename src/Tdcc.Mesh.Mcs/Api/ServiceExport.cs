using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Mcs.Json;

namespace Tdcc.Mesh.Mcs.Api;

/// <summary><c>multicluster.x-k8s.io/v1beta1.ServiceExport</c>: exports the same-named Service of its namespace to the clusterset.</summary>
public sealed record ServiceExport : IKubeObject<ServiceExport>
{
    /// <summary>Where ServiceExport objects are served.</summary>
    public static ResourceType Resource { get; } = new(McsGroups.Multicluster, "v1beta1", "ServiceExport", "serviceexports", Namespaced: true);

    public static JsonTypeInfo<ServiceExport> JsonTypeInfo => McsJsonContext.Default.ServiceExport;

    public static JsonTypeInfo<KubeList<ServiceExport>> ListJsonTypeInfo => McsJsonContext.Default.KubeListServiceExport;

    public string? ApiVersion { get; init; } = McsGroups.Multicluster + "/v1beta1";
    public string? Kind { get; init; } = "ServiceExport";
    public ObjectMeta Metadata { get => field ?? ObjectMeta.Empty; init; } = ObjectMeta.Empty;
    public ServiceExportSpec? Spec { get; init; }
    public ServiceExportStatus? Status { get; init; }

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }

    public ServiceExport WithMetadata(ObjectMeta metadata) => this with { Metadata = metadata };
}

/// <summary>Spec of a ServiceExport.</summary>
public sealed record ServiceExportSpec
{
    /// <summary>Labels to put on the ServiceImport in every importing cluster.</summary>
    public ImmutableDictionary<string, string>? ExportedLabels { get; init; }

    /// <summary>Annotations to put on the ServiceImport in every importing cluster.</summary>
    public ImmutableDictionary<string, string>? ExportedAnnotations { get; init; }

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>Status of a ServiceExport: the Valid, Ready and Conflict conditions.</summary>
public sealed record ServiceExportStatus
{
    public ImmutableArray<Condition>? Conditions { get; init; }

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
