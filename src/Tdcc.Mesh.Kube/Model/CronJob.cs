using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Tdcc.Mesh.Kube.Json;

namespace Tdcc.Mesh.Kube.Model;

/// <summary><c>batch/v1.CronJob</c>.</summary>
public sealed record CronJob : IKubeObject<CronJob>
{
    /// <summary>Where CronJob objects are served.</summary>
    public static ResourceType Resource { get; } = new("batch", "v1", "CronJob", "cronjobs", Namespaced: true);

    public static JsonTypeInfo<CronJob> JsonTypeInfo => KubeJsonContext.Default.CronJob;

    public static JsonTypeInfo<KubeList<CronJob>> ListJsonTypeInfo => KubeJsonContext.Default.KubeListCronJob;

    public string? ApiVersion { get; init; } = "batch/v1";
    public string? Kind { get; init; } = "CronJob";
    public ObjectMeta Metadata { get => field ?? ObjectMeta.Empty; init; } = ObjectMeta.Empty;
    public CronJobSpec? Spec { get; init; }
    public CronJobStatus? Status { get; init; }

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }

    public CronJob WithMetadata(ObjectMeta metadata) => this with { Metadata = metadata };
}

/// <summary>Spec of a cron job.</summary>
public sealed record CronJobSpec
{
    public string? Schedule { get; init; }
    public string? TimeZone { get; init; }
    public long? StartingDeadlineSeconds { get; init; }
    /// <summary><c>Allow</c>, <c>Forbid</c> or <c>Replace</c>.</summary>
    public string? ConcurrencyPolicy { get; init; }
    public bool? Suspend { get; init; }
    public JobTemplateSpec? JobTemplate { get; init; }
    public int? SuccessfulJobsHistoryLimit { get; init; }
    public int? FailedJobsHistoryLimit { get; init; }

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>The job a cron job creates: metadata and spec.</summary>
public sealed record JobTemplateSpec
{
    public ObjectMeta? Metadata { get; init; }
    public JobSpec? Spec { get; init; }

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>Status of a cron job.</summary>
public sealed record CronJobStatus
{
    public ImmutableArray<ObjectReference>? Active { get; init; }
    public DateTimeOffset? LastScheduleTime { get; init; }
    public DateTimeOffset? LastSuccessfulTime { get; init; }

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
