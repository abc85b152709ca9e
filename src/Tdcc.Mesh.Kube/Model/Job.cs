using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Tdcc.Mesh.Kube.Json;

namespace Tdcc.Mesh.Kube.Model;

/// <summary><c>batch/v1.Job</c>.</summary>
public sealed record Job : IKubeObject<Job>
{
    /// <summary>Where Job objects are served.</summary>
    public static ResourceType Resource { get; } = new("batch", "v1", "Job", "jobs", Namespaced: true);

    public static JsonTypeInfo<Job> JsonTypeInfo => KubeJsonContext.Default.Job;

    public static JsonTypeInfo<KubeList<Job>> ListJsonTypeInfo => KubeJsonContext.Default.KubeListJob;

    public string? ApiVersion { get; init; } = "batch/v1";
    public string? Kind { get; init; } = "Job";
    public ObjectMeta Metadata { get => field ?? ObjectMeta.Empty; init; } = ObjectMeta.Empty;
    public JobSpec? Spec { get; init; }
    public JobStatus? Status { get; init; }

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }

    public Job WithMetadata(ObjectMeta metadata) => this with { Metadata = metadata };
}

/// <summary>Spec of a job.</summary>
public sealed record JobSpec
{
    public int? Parallelism { get; init; }
    public int? Completions { get; init; }
    public long? ActiveDeadlineSeconds { get; init; }
    public int? BackoffLimit { get; init; }
    public LabelSelector? Selector { get; init; }
    public bool? ManualSelector { get; init; }
    public PodTemplateSpec? Template { get; init; }
    public int? TtlSecondsAfterFinished { get; init; }
    /// <summary><c>NonIndexed</c> or <c>Indexed</c>.</summary>
    public string? CompletionMode { get; init; }
    public bool? Suspend { get; init; }
    public string? PodReplacementPolicy { get; init; }

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>Status of a job.</summary>
public sealed record JobStatus
{
    public ImmutableArray<JobCondition>? Conditions { get; init; }
    public DateTimeOffset? StartTime { get; init; }
    public DateTimeOffset? CompletionTime { get; init; }
    public int? Active { get; init; }
    public int? Succeeded { get; init; }
    public int? Failed { get; init; }
    public int? Terminating { get; init; }
    public int? Ready { get; init; }
    public string? CompletedIndexes { get; init; }
    public UncountedTerminatedPods? UncountedTerminatedPods { get; init; }

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>Pods that finished but are not counted in a job's status yet.</summary>
public sealed record UncountedTerminatedPods
{
    public ImmutableArray<string>? Succeeded { get; init; }
    public ImmutableArray<string>? Failed { get; init; }

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>A job condition (<c>Complete</c>, <c>Failed</c>, <c>Suspended</c>, <c>SuccessCriteriaMet</c>, <c>FailureTarget</c>).</summary>
public sealed record JobCondition
{
    public required string Type { get; init; }
    public required string Status { get; init; }
    public DateTimeOffset? LastProbeTime { get; init; }
    public DateTimeOffset? LastTransitionTime { get; init; }
    public string? Reason { get; init; }
    public string? Message { get; init; }

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
