using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Tdcc.Mesh.Distribution.Json;
using Tdcc.Mesh.Kube.Model;

namespace Tdcc.Mesh.Distribution.Api;

/// <summary>
/// <c>apps.tdcc.io/v1alpha1.Globalization</c> (hub, cluster-scoped): overrides of one feed for every cluster, or for
/// the clusters matching <see cref="OverrideSpec.ClusterSelector"/>. Applied before Localizations, in ascending priority.
/// </summary>
public sealed record Globalization : IKubeObject<Globalization>
{
    /// <summary>Where Globalization objects are served.</summary>
    public static ResourceType Resource { get; } = new(AppsApi.Group, AppsApi.Version, "Globalization", "globalizations", Namespaced: false);

    public static JsonTypeInfo<Globalization> JsonTypeInfo => DistributionJsonContext.Default.Globalization;

    public static JsonTypeInfo<KubeList<Globalization>> ListJsonTypeInfo => DistributionJsonContext.Default.KubeListGlobalization;

    public string? ApiVersion { get; init; } = AppsApi.ApiVersion;
    public string? Kind { get; init; } = "Globalization";
    public ObjectMeta Metadata { get => field ?? ObjectMeta.Empty; init; } = ObjectMeta.Empty;
    public OverrideSpec? Spec { get; init; }

    /// <summary>Fields this model does not name, kept verbatim (setter only for the source generator; treat it as read-only).</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }

    public Globalization WithMetadata(ObjectMeta metadata) => this with { Metadata = metadata };
}
