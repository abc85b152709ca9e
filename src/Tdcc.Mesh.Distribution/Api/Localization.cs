using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Tdcc.Mesh.Distribution.Json;
using Tdcc.Mesh.Kube.Model;

namespace Tdcc.Mesh.Distribution.Api;

/// <summary>
/// <c>apps.tdcc.io/v1alpha1.Localization</c> (hub, namespaced): overrides of one feed for one cluster. It lives in
/// that cluster's hub namespace (ManagedCluster <c>status.namespace</c>), so it acts on that cluster only.
/// Applied after every Globalization, in ascending priority (see docs/distribution.md).
/// </summary>
public sealed record Localization : IKubeObject<Localization>
{
    /// <summary>Where Localization objects are served.</summary>
    public static ResourceType Resource { get; } = new(AppsApi.Group, AppsApi.Version, "Localization", "localizations", Namespaced: true);

    public static JsonTypeInfo<Localization> JsonTypeInfo => DistributionJsonContext.Default.Localization;

    public static JsonTypeInfo<KubeList<Localization>> ListJsonTypeInfo => DistributionJsonContext.Default.KubeListLocalization;

    public string? ApiVersion { get; init; } = AppsApi.ApiVersion;
    public string? Kind { get; init; } = "Localization";
    public ObjectMeta Metadata { get => field ?? ObjectMeta.Empty; init; } = ObjectMeta.Empty;
    public OverrideSpec? Spec { get; init; }

    /// <summary>Fields this model does not name, kept verbatim (setter only for the source generator; treat it as read-only).</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }

    public Localization WithMetadata(ObjectMeta metadata) => this with { Metadata = metadata };
}
