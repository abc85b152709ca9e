using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Tdcc.Mesh.ApiMachinery.Scheduling;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Kube.Runtime.Events;
using Tdcc.Mesh.Kube.Runtime.Informers;
using Tdcc.Mesh.Kube.Runtime.Ownership;
using Tdcc.Mesh.Kube.Runtime.Reconcile;

namespace Tdcc.Mesh.Sandbox.Controllers;

/// <summary>
/// kube-controller-manager's CronJob controller: at each time of <c>spec.schedule</c> (in <c>spec.timeZone</c>, UTC
/// when unset) after the last one it scheduled (or its creation; at most <c>startingDeadlineSeconds</c> back) it creates
/// the Job <c>&lt;cronjob&gt;-&lt;scheduled time in minutes since the epoch&gt;</c> from its job template, annotated with
/// <c>batch.kubernetes.io/cronjob-scheduled-timestamp</c> and controlled by the CronJob, as kube does. It applies
/// <c>concurrencyPolicy</c> (Allow, Forbid: skip while a job runs, Replace: delete the running ones), <c>suspend</c>,
/// and the history limits (older finished jobs are deleted), and writes status.active, lastScheduleTime and
/// lastSuccessfulTime. Time comes from the cluster's <see cref="TimeProvider"/>.
/// </summary>
internal sealed partial class CronJobReconciler(
    IInformerStore<CronJob> cronJobs,
    IInformerStore<Job> jobs,
    IKubeClient client,
    TimeProvider time,
    ILogger<CronJobReconciler> logger,
    EventRecorderSet recorders) : IReconciler
{
    private readonly IEventRecorder events = recorders.For(EventComponents.CronJobController);

    public const string ScheduledTimestampAnnotation = "batch.kubernetes.io/cronjob-scheduled-timestamp";
    private const int TooManyMissed = 100;

    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        var cronJob = cronJobs.GetByKey(key);
        if (cronJob is null || cronJob.Metadata.DeletionTimestamp is not null)
        {
            return ReconcileResult.Done;
        }

        var spec = cronJob.Spec ?? new CronJobSpec();
        var now = time.GetUtcNow();
        var status = cronJob.Status ?? new CronJobStatus();
        var owned = jobs.ByIndex(InformerIndexes.Owner, cronJob.Metadata.Uid ?? string.Empty)
            .Where(j => PodStates.IsControlledBy(j, cronJob.Metadata.Uid))
            .ToList();
        var active = (status.Active ?? []).ToList();
        var lastSuccessful = status.LastSuccessfulTime;
        foreach (var job in owned)
        {
            var listed = active.FindIndex(r => r.Uid == job.Metadata.Uid);
            if (JobReconciler.IsFinished(job))
            {
                if (listed >= 0)
                {
                    active.RemoveAt(listed);
                    var condition = Finished(job)!;
                    events.Record(cronJob, EventType.Normal, "SawCompletedJob", $"Saw completed job: {job.Metadata.Name}, condition: {condition.Type}");
                    if (condition.Type == "Complete" && job.Status?.CompletionTime is { } done && (lastSuccessful is null || done > lastSuccessful))
                    {
                        lastSuccessful = done;
                    }
                }
            }
            else if (listed < 0 && job.Metadata.Annotations?.ContainsKey(ScheduledTimestampAnnotation) == true && job.Metadata.DeletionTimestamp is null)
            {
                active.Add(ReferenceTo(job));
            }
        }

        active.RemoveAll(r => owned.All(j => j.Metadata.Uid != r.Uid) && jobs.GetByKey(new ObjectKey(key.Namespace, r.Name ?? string.Empty)) is null);
        await CleanUpHistoryAsync(cronJob, owned, cancellationToken).ConfigureAwait(false);

        TimeSpan? requeue = null;
        DateTimeOffset? lastSchedule = status.LastScheduleTime;
        var zone = CronSchedule.FindZone(spec.TimeZone);
        if (!CronSchedule.TryParse(spec.Schedule ?? string.Empty, out var schedule, out var error))
        {
            events.Record(cronJob, EventType.Warning, "InvalidSchedule", $"invalid schedule: {spec.Schedule} : {error}");
        }
        else if (zone is null)
        {
            events.Record(cronJob, EventType.Warning, "UnknownTimeZone", $"invalid timeZone: \"{spec.TimeZone}\": unknown time zone {spec.TimeZone}");
        }
        else if (spec.Suspend != true)
        {
            zone = spec.TimeZone is null && schedule.TimeZone is { } named ? CronSchedule.FindZone(named) ?? zone : zone;
            var earliest = status.LastScheduleTime ?? cronJob.Metadata.CreationTimestamp ?? now;
            if (spec.StartingDeadlineSeconds is { } deadline && now - TimeSpan.FromSeconds(deadline) > earliest)
            {
                earliest = now - TimeSpan.FromSeconds(deadline);
            }

            var (scheduled, missed) = schedule.MostRecent(earliest, now, zone);
            if (schedule.Next(now, zone) is { } nextRun)
            {
                requeue = nextRun - now + TimeSpan.FromMilliseconds(100);
            }

            if (missed > TooManyMissed)
            {
                events.Record(cronJob, EventType.Warning, "TooManyMissedTimes", "too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew");
            }

            if (scheduled is { } at)
            {
                var started = await StartAsync(cronJob, at, zone, active, cancellationToken).ConfigureAwait(false);
                if (started)
                {
                    lastSchedule = at;
                }
            }
        }

        var next = status with { Active = active.Count == 0 ? null : [.. active], LastScheduleTime = lastSchedule, LastSuccessfulTime = lastSuccessful };
        if (!Same(cronJob.Status, next))
        {
            try
            {
                await client.Resource<CronJob>().UpdateStatusAsync(cronJob with { Status = next }, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (KubeApiException e) when (e.Reason == KubeErrorReason.Conflict)
            {
                return ReconcileResult.After(TimeSpan.FromMilliseconds(200));
            }
        }

        return requeue is { } delay ? ReconcileResult.After(delay) : ReconcileResult.Done;
    }

    /// <summary>The name kube gives the job scheduled at <paramref name="scheduled"/>: the minutes since the epoch.</summary>
    public static string JobName(string cronJob, DateTimeOffset scheduled) =>
        cronJob + "-" + (scheduled.ToUnixTimeSeconds() / 60).ToString(CultureInfo.InvariantCulture);

    /// <summary>Creates the job of <paramref name="scheduled"/> under the concurrency policy; false when it was skipped.</summary>
    private async Task<bool> StartAsync(CronJob cronJob, DateTimeOffset scheduled, TimeZoneInfo zone, List<ObjectReference> active, CancellationToken cancellationToken)
    {
        var key = ObjectKey.Of(cronJob);
        var name = JobName(cronJob.Metadata.Name!, scheduled);
        if (active.Any(r => r.Name == name))
        {
            return true;
        }

        switch (cronJob.Spec?.ConcurrencyPolicy)
        {
            case "Forbid" when active.Count > 0:
                LogSkipped(logger, key, scheduled);
                return false;
            case "Replace":
                foreach (var reference in active.ToList())
                {
                    try
                    {
                        await client.Resource<Job>().DeleteAsync(key.Namespace, reference.Name!, new DeleteOptions { PropagationPolicy = PropagationPolicy.Background, PreconditionUid = reference.Uid }, cancellationToken).ConfigureAwait(false);
                        events.Record(cronJob, EventType.Normal, "SuccessfulDelete", $"Deleted job {reference.Name}");
                    }
                    catch (KubeApiException e) when (e.Reason is KubeErrorReason.NotFound or KubeErrorReason.Conflict)
                    {
                        // Gone already.
                    }

                    active.Remove(reference);
                }

                break;
            default:
                break;
        }

        var template = cronJob.Spec?.JobTemplate;
        var local = TimeZoneInfo.ConvertTime(scheduled, zone);
        var annotations = (template?.Metadata?.Annotations ?? System.Collections.Immutable.ImmutableDictionary<string, string>.Empty)
            .SetItem(ScheduledTimestampAnnotation, local.ToString(local.Offset == TimeSpan.Zero ? "yyyy-MM-dd'T'HH:mm:ss'Z'" : "yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture));
        var job = new Job
        {
            Metadata = new ObjectMeta
            {
                Name = name,
                Namespace = cronJob.Metadata.Namespace,
                Labels = template?.Metadata?.Labels,
                Annotations = annotations,
                OwnerReferences = [OwnerReferences.ReferenceTo(cronJob, controller: true)],
            },
            Spec = template?.Spec,
        };
        try
        {
            var created = await client.Resource<Job>().CreateAsync(job, cancellationToken: cancellationToken).ConfigureAwait(false);
            active.Add(ReferenceTo(created));
            events.Record(cronJob, EventType.Normal, "SuccessfulCreate", $"Created job {name}");
            LogCreated(logger, key, name, scheduled);
        }
        catch (KubeApiException e) when (e.Reason == KubeErrorReason.AlreadyExists)
        {
            // Created before (a restart, or a stale cache): it is that run's job.
        }

        return true;
    }

    /// <summary>Deletes the oldest finished jobs beyond successfulJobsHistoryLimit and failedJobsHistoryLimit.</summary>
    private async Task CleanUpHistoryAsync(CronJob cronJob, List<Job> owned, CancellationToken cancellationToken)
    {
        var finished = owned.Where(j => j.Metadata.DeletionTimestamp is null).Select(j => (Job: j, Condition: Finished(j))).Where(p => p.Condition is not null).ToList();
        var limits = new[] { ("Complete", cronJob.Spec?.SuccessfulJobsHistoryLimit), ("Failed", cronJob.Spec?.FailedJobsHistoryLimit) };
        foreach (var (type, limit) in limits)
        {
            if (limit is not { } keep)
            {
                continue;
            }

            var surplus = finished
                .Where(p => p.Condition!.Type == type)
                .Select(p => p.Job)
                .OrderByDescending(j => j.Status?.StartTime ?? j.Metadata.CreationTimestamp)
                .Skip(Math.Max(0, keep))
                .ToList();
            foreach (var job in surplus)
            {
                try
                {
                    await client.Resource<Job>().DeleteAsync(job.Metadata.Namespace, job.Metadata.Name!, new DeleteOptions { PropagationPolicy = PropagationPolicy.Background, PreconditionUid = job.Metadata.Uid }, cancellationToken).ConfigureAwait(false);
                    events.Record(cronJob, EventType.Normal, "SuccessfulDelete", $"Deleted job {job.Metadata.Name}");
                }
                catch (KubeApiException e) when (e.Reason is KubeErrorReason.NotFound or KubeErrorReason.Conflict)
                {
                    // Gone already.
                }
            }
        }
    }

    private static JobCondition? Finished(Job job) =>
        job.Status?.Conditions?.FirstOrDefault(c => c.Type is "Complete" or "Failed" && c.Status == "True");

    private static ObjectReference ReferenceTo(Job job) => new()
    {
        ApiVersion = Job.Resource.ApiVersion,
        Kind = Job.Resource.Kind,
        Name = job.Metadata.Name,
        Namespace = job.Metadata.Namespace,
        Uid = job.Metadata.Uid,
        ResourceVersion = job.Metadata.ResourceVersion,
    };

    private static bool Same(CronJobStatus? current, CronJobStatus next) =>
        current is not null && string.Equals(
            JsonSerializer.Serialize(new CronJob { Status = current }, CronJob.JsonTypeInfo),
            JsonSerializer.Serialize(new CronJob { Status = next }, CronJob.JsonTypeInfo),
            StringComparison.Ordinal);

    [LoggerMessage(EventId = 7263, Level = LogLevel.Information, Message = "CronJob {CronJob}: created job {Job} for {Scheduled}")]
    private static partial void LogCreated(ILogger logger, ObjectKey cronJob, string job, DateTimeOffset scheduled);

    [LoggerMessage(EventId = 7264, Level = LogLevel.Information, Message = "CronJob {CronJob}: skipped {Scheduled}: a job is still running and concurrencyPolicy is Forbid")]
    private static partial void LogSkipped(ILogger logger, ObjectKey cronJob, DateTimeOffset scheduled);
}
