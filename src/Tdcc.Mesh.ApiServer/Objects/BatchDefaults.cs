using System.Text.Json.Nodes;

namespace Tdcc.Mesh.ApiServer.Objects;

/// <summary>kube's defaults of batch/v1 Jobs and CronJobs (SetDefaults_Job, SetDefaults_CronJob, the Job strategy's generated selector).</summary>
internal static class BatchDefaults
{
    public const string ControllerUidLabel = "batch.kubernetes.io/controller-uid";
    public const string JobNameLabel = "batch.kubernetes.io/job-name";
    public const string LegacyControllerUidLabel = "controller-uid";
    public const string LegacyJobNameLabel = "job-name";

    /// <summary>A Job: counts, policies, and (unless <c>manualSelector</c>) the selector and pod labels kube generates from its uid.</summary>
    public static void Job(JsonObject job, Action<JsonObject> defaultTemplate)
    {
        if (job["spec"] is not JsonObject spec)
        {
            return;
        }

        JobSpec(spec, defaultTemplate);
        if (spec["manualSelector"] is JsonValue manual && manual.TryGetValue<bool>(out var isManual) && isManual)
        {
            return;
        }

        var uid = ObjectMeta.Uid(job);
        var name = ObjectMeta.Name(job);
        if (spec["selector"] is null && uid.Length > 0)
        {
            spec["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { [ControllerUidLabel] = uid } };
            var template = spec["template"] as JsonObject ?? [];
            spec["template"] = template;
            var metadata = template["metadata"] as JsonObject ?? [];
            template["metadata"] = metadata;
            var labels = metadata["labels"] as JsonObject ?? [];
            metadata["labels"] = labels;
            labels[ControllerUidLabel] = uid;
            labels[JobNameLabel] = name;
            labels[LegacyControllerUidLabel] = uid;
            labels[LegacyJobNameLabel] = name;
        }
    }

    /// <summary>A CronJob: its policies, and its job template's spec defaulted as a Job's.</summary>
    public static void CronJob(JsonObject cronJob, Action<JsonObject> defaultTemplate)
    {
        if (cronJob["spec"] is not JsonObject spec)
        {
            return;
        }

        spec["concurrencyPolicy"] ??= "Allow";
        spec["suspend"] ??= false;
        spec["successfulJobsHistoryLimit"] ??= 3;
        spec["failedJobsHistoryLimit"] ??= 1;
        if (spec["jobTemplate"]?["spec"] is JsonObject jobSpec)
        {
            JobSpec(jobSpec, defaultTemplate);
        }
    }

    private static void JobSpec(JsonObject spec, Action<JsonObject> defaultTemplate)
    {
        if (spec["completions"] is null && spec["parallelism"] is null)
        {
            spec["completions"] = 1;
            spec["parallelism"] = 1;
        }

        spec["parallelism"] ??= 1;
        spec["backoffLimit"] ??= spec["backoffLimitPerIndex"] is null ? 6 : int.MaxValue;
        spec["completionMode"] ??= "NonIndexed";
        spec["suspend"] ??= false;
        spec["podReplacementPolicy"] ??= spec["podFailurePolicy"] is null ? "TerminatingOrFailed" : "Failed";
        defaultTemplate(spec);
    }
}
