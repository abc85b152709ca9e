using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tdcc.Mesh.Kube.Model;

/// <summary>A container of a pod.</summary>
public sealed record Container
{
    public required string Name { get; init; }
    public string? Image { get; init; }
    public string? ImagePullPolicy { get; init; }
    public ImmutableArray<string>? Command { get; init; }
    public ImmutableArray<string>? Args { get; init; }
    public string? WorkingDir { get; init; }
    public ImmutableArray<EnvVar>? Env { get; init; }
    public ImmutableArray<ContainerPort>? Ports { get; init; }
    public ResourceRequirements? Resources { get; init; }
    public JsonElement? ReadinessProbe { get; init; }
    public JsonElement? LivenessProbe { get; init; }
    public JsonElement? StartupProbe { get; init; }
    public JsonElement? VolumeMounts { get; init; }
    public JsonElement? SecurityContext { get; init; }
    /// <summary>Only for init containers: <c>Always</c> makes a sidecar.</summary>
    public string? RestartPolicy { get; init; }

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>An environment variable of a container.</summary>
public sealed record EnvVar
{
    public required string Name { get; init; }
    public string? Value { get; init; }
    public JsonElement? ValueFrom { get; init; }

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>A port a container listens on.</summary>
public sealed record ContainerPort
{
    public string? Name { get; init; }
    /// <summary>The <c>containerPort</c> field.</summary>
    [JsonPropertyName("containerPort")]
    public required int Port { get; init; }
    public string? Protocol { get; init; }
    public int? HostPort { get; init; }
    [JsonPropertyName("hostIP")]
    public string? HostIP { get; init; }

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>Resource limits and requests, as quantities (<c>100m</c>, <c>1Gi</c>).</summary>
public sealed record ResourceRequirements
{
    public ImmutableDictionary<string, string>? Limits { get; init; }
    public ImmutableDictionary<string, string>? Requests { get; init; }

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
