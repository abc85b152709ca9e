using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Tdcc.Mesh.IntegrationTests.Client;
using Tdcc.Mesh.Kube.Model;

namespace Tdcc.Mesh.IntegrationTests.Runtime;

/// <summary>A typed custom kind defined outside the client, as controllers define their CRDs' records.</summary>
public sealed record Widget : IKubeObject<Widget>
{
    public static ResourceType Resource => WidgetCrd.Resource;

    public static JsonTypeInfo<Widget> JsonTypeInfo => WidgetJsonContext.Default.Widget;

    public static JsonTypeInfo<KubeList<Widget>> ListJsonTypeInfo => WidgetJsonContext.Default.KubeListWidget;

    public string? ApiVersion { get; init; } = WidgetCrd.Resource.ApiVersion;
    public string? Kind { get; init; } = WidgetCrd.Resource.Kind;
    public ObjectMeta Metadata { get => field ?? ObjectMeta.Empty; init; } = ObjectMeta.Empty;
    public WidgetSpec? Spec { get; init; }
    public WidgetStatus? Status { get; init; }

    /// <summary>Fields this model does not name (setter only for the source generator).</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }

    public Widget WithMetadata(ObjectMeta metadata) => this with { Metadata = metadata };
}

/// <summary>Spec of a <see cref="Widget"/>.</summary>
public sealed record WidgetSpec
{
    public int Size { get; init; }
    public string? Color { get; init; }

    /// <summary>Fields this model does not name (setter only for the source generator).</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>Status of a <see cref="Widget"/>.</summary>
public sealed record WidgetStatus
{
    public int? ObservedSize { get; init; }
    public ImmutableArray<Condition>? Conditions { get; init; }

    /// <summary>Fields this model does not name (setter only for the source generator).</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
