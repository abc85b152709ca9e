using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tdcc.Mesh.Kube.Model;

/// <summary><c>core/v1.PodSpec</c>.</summary>
public sealed record PodSpec
{
    public ImmutableArray<Container> Containers { get => field.IsDefault ? [] : field; init; }
    public ImmutableArray<Container>? InitContainers { get; init; }
    public string? NodeName { get; init; }
    public string? ServiceAccountName { get; init; }
    public string? RestartPolicy { get; init; }
    public bool? HostNetwork { get; init; }
    public ImmutableDictionary<string, string>? NodeSelector { get; init; }
    public long? TerminationGracePeriodSeconds { get; init; }
    public string? Hostname { get; init; }
    public string? Subdomain { get; init; }
    public string? SchedulerName { get; init; }
    public string? PriorityClassName { get; init; }
    public JsonElement? Volumes { get; init; }
    public JsonElement? Tolerations { get; init; }
    public JsonElement? Affinity { get; init; }
    public JsonElement? ReadinessGates { get; init; }
    public JsonElement? SecurityContext { get; init; }
    public JsonElement? ImagePullSecrets { get; init; }
    public bool? AutomountServiceAccountToken { get; init; }

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
