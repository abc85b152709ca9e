using System.Text.Json;
using Microsoft.Extensions.Logging;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Kube.Runtime.Events;
using Tdcc.Mesh.Kube.Runtime.Informers;
using Tdcc.Mesh.Kube.Runtime.Ownership;
using Tdcc.Mesh.Kube.Runtime.Reconcile;

namespace Tdcc.Mesh.Sandbox.Controllers;

/// <summary>
/// kube-controller-manager's Job controller for NonIndexed jobs: keeps up to <c>parallelism</c> pods running
/// (generateName <c>&lt;job&gt;-</c>, controller ownerReference) until <c>completions</c> succeeded, recreates failed ones
/// after kube's backoff (10s doubling, at most 6 minutes) until <c>backoffLimit</c> is passed (for restartPolicy
/// OnFailure: the containers' restarts), honours <c>suspend</c>, <c>activeDeadlineSeconds</c> and
/// <c>ttlSecondsAfterFinished</c>, and writes kube 1.32's status: active/ready/succeeded/failed/terminating counts,
/// startTime, completionTime, and the interim condition (SuccessCriteriaMet, FailureTarget) before the terminal one
/// (Complete, Failed) once no pod is left running. Pods are counted while they exist (no tracking finalizer):
/// the counts never go down, but a finished pod deleted before the controller saw it is not counted.
/// </summary>
internal sealed partial class JobReconciler(
    IInformerStore<Job> jobs,
    IInformerStore<Pod> pods,
    IKubeClient client,
    TimeProvider time,
    ILogger<JobReconciler> logger,
    EventRecorderSet recorders) : IReconciler
{
    private readonly IEventRecorder events = recorders.For(EventComponents.JobController);

    public const string CompletedMessage = "Reached expected number of succeeded pods";
    public const string BackoffLimitMessage = "Job has reached the specified backoff limit";
    public const string DeadlineMessage = "Job was active longer than specified deadline";
    private const int MaxBurst = 100;
    private static readonly TimeSpan DefaultBackOff = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan MaxBackOff = TimeSpan.FromMinutes(6);
    private readonly Expectations _expectations = new(time);

    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        var job = jobs.GetByKey(key);
        if (job is null || job.Metadata.DeletionTimestamp is not null)
        {
            _expectations.Forget(key);
            return ReconcileResult.Done;
        }

        var now = time.GetUtcNow();
        if (IsFinished(job))
        {
            return await ExpireAsync(job, now, cancellationToken).ConfigureAwait(false);
        }

        if (!_expectations.Satisfied(key, name => pods.GetByKey(new ObjectKey(key.Namespace, name))))
        {
            return ReconcileResult.After(TimeSpan.FromMilliseconds(200));
        }

        var spec = job.Spec ?? new JobSpec();
        var owned = pods.ByIndex(InformerIndexes.Owner, job.Metadata.Uid ?? string.Empty)
            .Where(p => PodStates.IsControlledBy(p, job.Metadata.Uid))
            .ToList();
        var active = owned.Where(PodStates.IsActive).ToList();
        var terminating = owned.Count(p => p.Metadata.DeletionTimestamp is not null && p.Status?.Phase is not ("Succeeded" or "Failed"));
        var failedPods = owned.Where(p => p.Status?.Phase == "Failed").ToList();
        var status = job.Status ?? new JobStatus();
        var succeeded = Math.Max(status.Succeeded ?? 0, owned.Count(p => p.Status?.Phase == "Succeeded"));
        var failed = Math.Max(status.Failed ?? 0, failedPods.Count);
        var conditions = (status.Conditions ?? []).ToList();
        var suspended = spec.Suspend == true;
        var startTime = status.StartTime;
        TimeSpan? requeue = null;

        // What ends the job: an interim condition already written, else the rules in kube's order.
        var interim = conditions.FirstOrDefault(c => c.Type is "SuccessCriteriaMet" or "FailureTarget" && c.Status == "True");
        if (interim is null)
        {
            var backoffLimit = spec.BackoffLimit ?? 6;
            var completions = spec.Completions;
            var complete = completions is { } wanted ? succeeded >= wanted : succeeded > 0 && active.Count == 0;
            if (complete)
            {
                interim = Condition("SuccessCriteriaMet", "CompletionsReached", CompletedMessage, now);
            }
            else if (failed > backoffLimit || PastBackoffLimitOnFailure(spec, active, backoffLimit))
            {
                interim = Condition("FailureTarget", "BackoffLimitExceeded", BackoffLimitMessage, now);
                events.Record(job, EventType.Warning, "BackoffLimitExceeded", BackoffLimitMessage);
            }
            else if (!suspended && spec.ActiveDeadlineSeconds is { } deadline && startTime is { } started)
            {
                var end = started + TimeSpan.FromSeconds(deadline);
                if (now >= end)
                {
                    interim = Condition("FailureTarget", "DeadlineExceeded", DeadlineMessage, now);
                    events.Record(job, EventType.Warning, "DeadlineExceeded", DeadlineMessage);
                }
                else
                {
                    requeue = end - now;
                }
            }

            if (interim is not null)
            {
                conditions.Add(interim);
            }
        }

        var podClient = client.Resource<Pod>();
        var created = new List<string>();
        var deleted = new List<string>();
        try
        {
            if (interim is not null || suspended)
            {
                foreach (var pod in active)
                {
                    await ReplicaSetReconciler.DeletePodAsync(podClient, pod, cancellationToken).ConfigureAwait(false);
                    deleted.Add(pod.Metadata.Name!);
                    events.Record(job, EventType.Normal, "SuccessfulDelete", $"Deleted pod: {pod.Metadata.Name}");
                }

                terminating += active.Count;
                active.Clear();
            }
            else
            {
                startTime ??= now;
                var want = Math.Max(0, spec.Parallelism ?? 1);
                if (spec.Completions is { } completions)
                {
                    want = Math.Min(want, Math.Max(0, completions - succeeded));
                }

                var missing = Math.Min(want - active.Count, MaxBurst);
                if (missing > 0)
                {
                    var wait = BackOffRemaining(failedPods, now);
                    if (wait > TimeSpan.Zero)
                    {
                        requeue = Min(requeue, wait);
                    }
                    else
                    {
                        for (var i = 0; i < missing; i++)
                        {
                            var pod = await podClient.CreateAsync(NewPod(job), cancellationToken: cancellationToken).ConfigureAwait(false);
                            created.Add(pod.Metadata.Name!);
                            active.Add(pod);
                            events.Record(job, EventType.Normal, "SuccessfulCreate", $"Created pod: {pod.Metadata.Name}");
                        }

                        LogCreated(logger, key, missing);
                    }
                }
            }
        }
        finally
        {
            _expectations.Expect(key, created, deleted);
        }

        SuspendCondition(conditions, suspended, now, job);
        if (suspended && active.Count == 0)
        {
            startTime = null;
        }

        DateTimeOffset? completionTime = status.CompletionTime;
        if (interim is not null && active.Count == 0 && terminating == 0)
        {
            if (interim.Type == "SuccessCriteriaMet")
            {
                conditions.Add(Condition("Complete", interim.Reason!, interim.Message!, now));
                completionTime ??= now;
                events.Record(job, EventType.Normal, "Completed", "Job completed");
                LogFinished(logger, key, "Complete", interim.Reason!);
            }
            else
            {
                conditions.Add(Condition("Failed", interim.Reason!, interim.Message!, now));
                LogFinished(logger, key, "Failed", interim.Reason!);
            }
        }
        else if (interim is not null)
        {
            requeue = Min(requeue, TimeSpan.FromSeconds(1));
        }

        var next = status with
        {
            Conditions = conditions.Count == 0 ? null : [.. conditions],
            StartTime = startTime,
            CompletionTime = completionTime,
            Active = active.Count,
            Ready = active.Count(PodStates.IsReady),
            Succeeded = succeeded,
            Failed = failed,
            Terminating = terminating,
            UncountedTerminatedPods = new UncountedTerminatedPods(),
        };
        if (!Same(job.Status, next))
        {
            try
            {
                job = await client.Resource<Job>().UpdateStatusAsync(job with { Status = next }, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (KubeApiException e) when (e.Reason == KubeErrorReason.Conflict)
            {
                return ReconcileResult.After(TimeSpan.FromMilliseconds(200));
            }
        }

        if (IsFinished(job))
        {
            return await ExpireAsync(job, now, cancellationToken).ConfigureAwait(false);
        }

        return requeue is { } delay ? ReconcileResult.After(delay) : ReconcileResult.Done;
    }

    /// <summary>True once the job has its terminal condition (Complete or Failed).</summary>
    public static bool IsFinished(Job job) =>
        job.Status?.Conditions?.Any(c => c.Type is "Complete" or "Failed" && c.Status == "True") == true;

    /// <summary>kube's backoff before recreating after failures: 10s doubling per failed pod, at most 6 minutes, from the last failure.</summary>
    internal static TimeSpan BackOffRemaining(IReadOnlyCollection<Pod> failedPods, DateTimeOffset now)
    {
        if (failedPods.Count == 0)
        {
            return TimeSpan.Zero;
        }

        var delay = TimeSpan.FromTicks(Math.Min(MaxBackOff.Ticks, DefaultBackOff.Ticks << Math.Min(failedPods.Count - 1, 10)));
        var last = failedPods.Max(FinishedAt);
        var remaining = last + delay - now;
        return remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero;
    }

    private static DateTimeOffset FinishedAt(Pod pod)
    {
        var latest = pod.Metadata.CreationTimestamp ?? DateTimeOffset.MinValue;
        foreach (var status in pod.Status?.ContainerStatuses ?? [])
        {
            if (status.State is { ValueKind: JsonValueKind.Object } state
                && state.TryGetProperty("terminated", out var terminated)
                && terminated.TryGetProperty("finishedAt", out var finished)
                && finished.TryGetDateTimeOffset(out var at) && at > latest)
            {
                latest = at;
            }
        }

        return latest;
    }

    /// <summary>pastBackoffLimitOnFailure: the restarts of running pods' containers reach the limit (any restart when it is 0).</summary>
    private static bool PastBackoffLimitOnFailure(JobSpec spec, IEnumerable<Pod> active, int backoffLimit)
    {
        if (spec.Template?.Spec?.RestartPolicy != "OnFailure")
        {
            return false;
        }

        var restarts = active.Sum(p => (p.Status?.ContainerStatuses ?? []).Sum(c => c.RestartCount ?? 0) + (p.Status?.InitContainerStatuses ?? []).Sum(c => c.RestartCount ?? 0));
        return backoffLimit == 0 ? restarts > 0 : restarts >= backoffLimit;
    }

    private void SuspendCondition(List<JobCondition> conditions, bool suspended, DateTimeOffset now, Job job)
    {
        var index = conditions.FindIndex(c => c.Type == "Suspended");
        var current = index >= 0 ? conditions[index] : null;
        if (suspended && current?.Status != "True")
        {
            var condition = Condition("Suspended", "JobSuspended", "Job suspended", now);
            Replace(conditions, index, condition);
            events.Record(job, EventType.Normal, "Suspended", "Job suspended");
        }
        else if (!suspended && current?.Status == "True")
        {
            Replace(conditions, index, Condition("Suspended", "JobResumed", "Job resumed", now) with { Status = "False" });
            events.Record(job, EventType.Normal, "Resumed", "Job resumed");
        }
    }

    private static void Replace(List<JobCondition> conditions, int index, JobCondition condition)
    {
        if (index >= 0)
        {
            conditions[index] = condition;
        }
        else
        {
            conditions.Add(condition);
        }
    }

    /// <summary>ttlSecondsAfterFinished: deletes a finished job (its pods follow by garbage collection) once the time has come.</summary>
    private async Task<ReconcileResult> ExpireAsync(Job job, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (job.Spec?.TtlSecondsAfterFinished is not { } ttl)
        {
            return ReconcileResult.Done;
        }

        var finished = job.Status?.CompletionTime
            ?? job.Status?.Conditions?.Where(c => c.Type is "Complete" or "Failed" && c.Status == "True").Select(c => c.LastTransitionTime).FirstOrDefault()
            ?? now;
        var expiry = finished + TimeSpan.FromSeconds(ttl);
        var key = ObjectKey.Of(job);
        if (now < expiry)
        {
            return ReconcileResult.After(expiry - now);
        }

        try
        {
            await client.Resource<Job>().DeleteAsync(
                job.Metadata.Namespace,
                job.Metadata.Name!,
                new DeleteOptions { PropagationPolicy = PropagationPolicy.Background, PreconditionUid = job.Metadata.Uid },
                cancellationToken).ConfigureAwait(false);
            LogExpired(logger, key, ttl);
        }
        catch (KubeApiException e) when (e.Reason is KubeErrorReason.NotFound or KubeErrorReason.Conflict)
        {
            // Gone already, or another job of that name now.
        }

        return ReconcileResult.Done;
    }

    private static JobCondition Condition(string type, string reason, string message, DateTimeOffset now) => new()
    {
        Type = type,
        Status = "True",
        Reason = reason,
        Message = message,
        LastProbeTime = now,
        LastTransitionTime = now,
    };

    private static TimeSpan? Min(TimeSpan? a, TimeSpan b) => a is { } x && x < b ? x : b;

    private static Pod NewPod(Job job) => new()
    {
        Metadata = new ObjectMeta
        {
            GenerateName = job.Metadata.Name + "-",
            Namespace = job.Metadata.Namespace,
            Labels = job.Spec?.Template?.Metadata?.Labels,
            Annotations = job.Spec?.Template?.Metadata?.Annotations,
            OwnerReferences = [OwnerReferences.ReferenceTo(job, controller: true)],
        },
        Spec = job.Spec?.Template?.Spec,
    };

    private static bool Same(JobStatus? current, JobStatus next) =>
        current is not null && string.Equals(
            JsonSerializer.Serialize(new Job { Status = current }, Job.JsonTypeInfo),
            JsonSerializer.Serialize(new Job { Status = next }, Job.JsonTypeInfo),
            StringComparison.Ordinal);

    [LoggerMessage(EventId = 7260, Level = LogLevel.Debug, Message = "Job {Job}: created {Count} pods")]
    private static partial void LogCreated(ILogger logger, ObjectKey job, int count);

    [LoggerMessage(EventId = 7261, Level = LogLevel.Information, Message = "Job {Job} finished: {Condition} ({Reason})")]
    private static partial void LogFinished(ILogger logger, ObjectKey job, string condition, string reason);

    [LoggerMessage(EventId = 7262, Level = LogLevel.Information, Message = "Job {Job} deleted {Ttl}s after it finished (ttlSecondsAfterFinished)")]
    private static partial void LogExpired(ILogger logger, ObjectKey job, int ttl);
}
