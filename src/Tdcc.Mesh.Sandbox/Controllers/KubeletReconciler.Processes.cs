using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Sandbox.Workloads;

namespace Tdcc.Mesh.Sandbox.Controllers;

/// <summary>The kubelet's process pods: preparing their containers, and a status that follows the processes.</summary>
internal sealed partial class KubeletReconciler
{
    private static readonly TimeSpan UnpreparedRetry = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan DefaultGrace = TimeSpan.FromSeconds(30);

    /// <summary>How long a deleted pod's processes get between SIGTERM and SIGKILL: the deletion's grace period, else the spec's, capped.</summary>
    private TimeSpan GraceOf(Pod pod)
    {
        var seconds = pod.Metadata.DeletionGracePeriodSeconds is { } deletion && deletion > 0 ? deletion : pod.Spec?.TerminationGracePeriodSeconds;
        var grace = seconds is { } s ? TimeSpan.FromSeconds(Math.Max(0, s)) : DefaultGrace;
        return grace > processes.Settings.MaxTerminationGrace ? processes.Settings.MaxTerminationGrace : grace;
    }

    private async Task PrepareProcessesAsync(Pod pod, RunningPod running, CancellationToken cancellationToken)
    {
        var workload = running.Processes!;
        var key = ObjectKey.Of(pod);
        var launcher = new ProcessLauncher(client, processes, cluster.Network.NamespaceName);
        var hostIP = HostIPOf(pod);
        var containers = pod.Spec!.Containers.Where(c => processes.ImageFor(c.Image) is not null).ToList();
        var label = $"{pod.Metadata.Name}_{pod.Metadata.Namespace}({running.Uid})";
        var containerLogger = loggerFactory.CreateLogger<ProcessContainer>();
        await workload.PrepareAsync(
            [.. containers.Select(c => c.Name)],
            (name, ct) =>
            {
                var container = containers.First(c => c.Name == name);
                return launcher.PrepareAsync(pod, container, processes.ImageFor(container.Image)!, running.Address, hostIP, workload.Directory, ct);
            },
            launch => new ProcessContainer(
                launch,
                pod.Spec.RestartPolicy ?? "Always",
                label,
                Path.Combine(workload.Directory, "logs", launch.Name),
                running.Address,
                cluster.Network,
                processes,
                () => OnProcessChanged(key, running),
                containerLogger),
            cancellationToken).ConfigureAwait(false);
    }

    private string? HostIPOf(Pod pod) =>
        nodes.GetByKey(ObjectKey.Cluster(pod.Spec!.NodeName!))?.Status?.Addresses?.FirstOrDefault(a => a.Type == "InternalIP")?.Address;

    /// <summary>A process changed state: the pod's status is written again (at most one writer queued per pod).</summary>
    private void OnProcessChanged(ObjectKey key, RunningPod running)
    {
        if (Interlocked.Exchange(ref running.Dirty, 1) != 0)
        {
            return;
        }

        _ = Task.Run(async () =>
        {
            try
            {
                await UpdateProcessStatusAsync(key, running, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception e) when (e is KubeApiException or HttpRequestException or OperationCanceledException or ObjectDisposedException)
            {
                LogStatusFailed(logger, cluster.Name, key, e.Message);
            }
        });
    }

    private async Task UpdateProcessStatusAsync(ObjectKey key, RunningPod running, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            Volatile.Write(ref running.Dirty, 0);
            if (!_running.TryGetValue(key, out var current) || !ReferenceEquals(current, running))
            {
                return;
            }

            var pod = await client.Resource<Pod>().GetAsync(key.Namespace, key.Name, cancellationToken).ConfigureAwait(false);
            if (pod is null || pod.Metadata.Uid != running.Uid || pod.Metadata.DeletionTimestamp is not null)
            {
                return;
            }

            var status = ProcessStatus(pod, running);
            if (status is null)
            {
                return;
            }

            try
            {
                await client.Resource<Pod>().UpdateStatusAsync(pod with { Status = status }, cancellationToken: cancellationToken).ConfigureAwait(false);
                LogProcessStatus(logger, cluster.Name, key, status.Phase);
                return;
            }
            catch (KubeApiException e) when (e.Reason == KubeErrorReason.Conflict)
            {
                // Written meanwhile: read it again and recompute from the processes' current state.
            }
        }
    }

    /// <summary>The status the processes say the pod has (kube's phase rules), or null when the pod reports it already.</summary>
    private PodStatus? ProcessStatus(Pod pod, RunningPod running, Func<Container, DateTimeOffset, ContainerSnapshot>? simulated = null)
    {
        var workload = running.Processes;
        var spec = pod.Spec!;
        var now = time.GetUtcNow();
        var current = pod.Status;
        var startedAt = current?.StartTime ?? running.Since;
        var statuses = new List<ContainerStatus>();
        int waiting = 0, active = 0, stopped = 0, succeeded = 0;
        var allReady = true;
        for (var i = 0; i < spec.Containers.Length; i++)
        {
            var container = spec.Containers[i];
            var snapshot = simulated?.Invoke(container, startedAt) ?? workload?.Snapshot(container.Name)
                ?? (processes.ImageFor(container.Image) is null
                    ? new ContainerSnapshot(container.Name, new ContainerState(ContainerStateKind.Running, StartedAt: startedAt), null, 0, true, true)
                    : new ContainerSnapshot(container.Name, ContainerState.Creating, null, 0, false, false));
            switch (snapshot.State.Kind)
            {
                case ContainerStateKind.Running:
                    active++;
                    break;
                case ContainerStateKind.Terminated:
                    stopped++;
                    succeeded += snapshot.State.ExitCode == 0 ? 1 : 0;
                    break;
                case ContainerStateKind.Waiting when snapshot.LastTerminated is not null:
                    stopped++;
                    break;
                default:
                    waiting++;
                    break;
            }

            allReady &= snapshot.Ready;
            statuses.Add(new ContainerStatus
            {
                Name = container.Name,
                Ready = snapshot.Ready,
                Started = snapshot.Started,
                RestartCount = snapshot.RestartCount,
                Image = container.Image,
                ImageID = container.Image + "@sha256:" + new string('0', 64),
                ContainerID = snapshot.State.ContainerId ?? snapshot.LastTerminated?.ContainerId,
                State = StateJson(snapshot.State),
                LastState = snapshot.LastTerminated is { } last ? StateJson(last) : StateJson(null),
            });
        }

        var restartPolicy = spec.RestartPolicy ?? "Always";
        var phase = waiting > 0 ? "Pending"
            : active > 0 ? "Running"
            : stopped == 0 ? "Pending"
            : restartPolicy == "Always" ? "Running"
            : stopped == succeeded ? "Succeeded"
            : restartPolicy == "Never" ? "Failed"
            : "Running";
        var terminal = phase is "Succeeded" or "Failed";
        var ready = allReady && !terminal;
        var conditions = new (string Type, bool Status, string? Reason)[]
        {
            ("PodReadyToStartContainers", !terminal, null),
            ("Initialized", true, terminal ? "PodCompleted" : null),
            ("Ready", ready, ready ? null : terminal ? "PodCompleted" : "ContainersNotReady"),
            ("ContainersReady", ready, ready ? null : terminal ? "PodCompleted" : "ContainersNotReady"),
            ("PodScheduled", true, null),
        }.Select(c =>
        {
            var text = c.Status ? "True" : "False";
            var previous = current?.Conditions?.FirstOrDefault(p => p.Type == c.Type);
            return new PodCondition
            {
                Type = c.Type,
                Status = text,
                Reason = c.Reason,
                Message = c.Reason == "ContainersNotReady" ? $"containers with unready status: [{string.Join(' ', statuses.Where(s => s.Ready != true).Select(s => s.Name))}]" : null,
                LastTransitionTime = previous?.Status == text ? previous.LastTransitionTime ?? now : now,
            };
        }).ToImmutableArray();
        var ip = running.Address.ToString();
        var hostIp = HostIPOf(pod);
        var next = (current ?? new PodStatus()) with
        {
            Phase = phase,
            Conditions = conditions,
            PodIP = ip,
            PodIPs = [new PodIP { Ip = ip }],
            HostIP = hostIp,
            HostIPs = hostIp is null ? null : [new PodIP { Ip = hostIp }],
            StartTime = startedAt,
            Reason = null,
            Message = null,
            ContainerStatuses = [.. statuses],
        };
        return Same(current, next) ? null : next;
    }

    private static bool Same(PodStatus? current, PodStatus next)
    {
        if (current is null)
        {
            return false;
        }

        var a = JsonSerializer.Serialize(new Pod { Status = current }, Pod.JsonTypeInfo);
        var b = JsonSerializer.Serialize(new Pod { Status = next }, Pod.JsonTypeInfo);
        return string.Equals(a, b, StringComparison.Ordinal);
    }

    private static JsonElement StateJson(ContainerState? state)
    {
        var node = new JsonObject();
        if (state is not null)
        {
            var body = new JsonObject();
            switch (state.Kind)
            {
                case ContainerStateKind.Waiting:
                    body["reason"] = state.Reason;
                    if (state.Message is not null)
                    {
                        body["message"] = state.Message;
                    }

                    node["waiting"] = body;
                    break;
                case ContainerStateKind.Running:
                    body["startedAt"] = Time(state.StartedAt);
                    node["running"] = body;
                    break;
                case ContainerStateKind.Terminated:
                    body["exitCode"] = state.ExitCode ?? 0;
                    body["reason"] = state.Reason;
                    if (state.Message is not null)
                    {
                        body["message"] = state.Message;
                    }

                    body["startedAt"] = Time(state.StartedAt);
                    body["finishedAt"] = Time(state.FinishedAt);
                    if (state.ContainerId is not null)
                    {
                        body["containerID"] = state.ContainerId;
                    }

                    node["terminated"] = body;
                    break;
            }
        }

        using var document = JsonDocument.Parse(node.ToJsonString());
        return document.RootElement.Clone();
    }

    private static string? Time(DateTimeOffset? value) =>
        value?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    [LoggerMessage(EventId = 7133, Level = LogLevel.Debug, Message = "Cluster {Cluster}: process pod {Pod} is {Phase}")]
    private static partial void LogProcessStatus(ILogger logger, string cluster, ObjectKey pod, string? phase);

    [LoggerMessage(EventId = 7134, Level = LogLevel.Warning, Message = "Cluster {Cluster}: could not write the status of process pod {Pod}: {Error}")]
    private static partial void LogStatusFailed(ILogger logger, string cluster, ObjectKey pod, string error);
}
