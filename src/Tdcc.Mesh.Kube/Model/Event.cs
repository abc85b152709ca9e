using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Tdcc.Mesh.Kube.Json;

namespace Tdcc.Mesh.Kube.Model;

/// <summary><c>core/v1.Event</c>.</summary>
[SuppressMessage("Naming", "CA1716:Identifiers should not match keywords", Justification = "Type names are the Kubernetes kind names.")]
public sealed record Event : IKubeObject<Event>
{
    /// <summary>Where Event objects are served.</summary>
    public static ResourceType Resource { get; } = new("", "v1", "Event", "events", Namespaced: true);

    public static JsonTypeInfo<Event> JsonTypeInfo => KubeJsonContext.Default.Event;

    public static JsonTypeInfo<KubeList<Event>> ListJsonTypeInfo => KubeJsonContext.Default.KubeListEvent;

    public string? ApiVersion { get; init; } = "v1";
    public string? Kind { get; init; } = "Event";
    public ObjectMeta Metadata { get => field ?? ObjectMeta.Empty; init; } = ObjectMeta.Empty;
    public ObjectReference? InvolvedObject { get; init; }
    public string? Reason { get; init; }
    public string? Message { get; init; }
    public EventSource? Source { get; init; }
    public DateTimeOffset? FirstTimestamp { get; init; }
    public DateTimeOffset? LastTimestamp { get; init; }
    public int? Count { get; init; }
    /// <summary><c>Normal</c> or <c>Warning</c>.</summary>
    public string? Type { get; init; }
    public DateTimeOffset? EventTime { get; init; }
    public JsonElement? Series { get; init; }
    public string? Action { get; init; }
    public ObjectReference? Related { get; init; }
    public string? ReportingComponent { get; init; }
    public string? ReportingInstance { get; init; }

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }

    public Event WithMetadata(ObjectMeta metadata) => this with { Metadata = metadata };
}

/// <summary>The component that reported an event.</summary>
public sealed record EventSource
{
    public string? Component { get; init; }
    public string? Host { get; init; }

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
