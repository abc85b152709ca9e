using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Kube.Runtime.Events;
using Tdcc.Mesh.Kube.Runtime.Informers;
using Tdcc.Mesh.Kube.Runtime.Reconcile;
using Tdcc.Mesh.Sandbox.Workloads;

namespace Tdcc.Mesh.Sandbox.Controllers;

/// <summary>
/// The kubelet of every node of one cluster. For a pod bound to one of its nodes it allocates a pod IP, starts the
/// <c>tdcc.io/echo</c> workload on it (other images "run" without listening), and reports the pod Running and Ready.
/// Containers of a process image (<see cref="ProcessRuntime"/>: our own <c>ghcr.io/tdcc-mesh/tdcc</c>) run as real
/// local processes (see <see cref="ProcessContainer"/>), and the pod's status follows them: phase, readiness from the
/// probes, restarts. For a pod being deleted it stops the workload (processes: SIGTERM, the grace period, SIGKILL),
/// releases the IP and deletes the pod with grace period 0. Workloads of pods already Running (after a restart) are
/// started again on the IP the pod reports. Volumes and init containers are not simulated.
/// </summary>
internal sealed partial class KubeletReconciler(
    ClusterContext cluster,
    PodIpPool addresses,
    IInformerStore<Pod> pods,
    IInformerStore<Node> nodes,
    IKubeClient client,
    ProcessRuntime processes,
    TimeProvider time,
    EventRecorderSet recorders,
    ILoggerFactory loggerFactory,
    ILogger<KubeletReconciler> logger) : IReconciler, IAsyncDisposable
{
    private static readonly string[] RunningConditions = ["PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady", "PodScheduled"];
    private readonly ConcurrentDictionary<ObjectKey, RunningPod> _running = new();
    private readonly HashSet<string> _nodeNames = cluster.NodeNames.ToHashSet(StringComparer.Ordinal);
    private int _restored;

    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        RestoreAddresses();
        var pod = pods.GetByKey(key);
        _running.TryGetValue(key, out var running);
        if (running is not null && (pod is null || pod.Metadata.Uid != running.Uid || !IsOurs(pod)))
        {
            await StopAsync(key, running, cancellationToken).ConfigureAwait(false);
            running = null;
        }

        if (pod is null || !IsOurs(pod))
        {
            return ReconcileResult.Done;
        }

        if (pod.Metadata.DeletionTimestamp is not null)
        {
            if (running is not null)
            {
                foreach (var container in pod.Spec?.Containers ?? [])
                {
                    EventsOn(pod).Record(pod, EventType.Normal, "Killing", $"Stopping container {container.Name}");
                }

                await StopAsync(key, running, cancellationToken, GraceOf(pod)).ConfigureAwait(false);
            }

            addresses.Release(pod.Metadata.Uid!);
            // A delete that lost a race with a concurrent write is tried again, or the pod would stay Terminating.
            return await FinalDeleteAsync(pod, cancellationToken).ConfigureAwait(false) ? ReconcileResult.Done : ReconcileResult.After(TimeSpan.FromMilliseconds(200));
        }

        if (pod.Status?.Phase is "Succeeded" or "Failed")
        {
            return ReconcileResult.Done;
        }

        if (running is null)
        {
            running = await StartAsync(key, pod, cancellationToken).ConfigureAwait(false);
            if (pod.Status?.Phase is null or "Pending")
            {
                RecordContainersStarted(pod);
            }
        }

        if (running.Processes is { } workload)
        {
            if (workload.HasUnprepared)
            {
                await PrepareProcessesAsync(pod, running, cancellationToken).ConfigureAwait(false);
            }

            await UpdateProcessStatusAsync(key, running, cancellationToken).ConfigureAwait(false);
            return workload.HasUnprepared ? ReconcileResult.After(UnpreparedRetry) : ReconcileResult.Done;
        }

        if (HasExitPlan(pod))
        {
            return await ReconcileExitingAsync(key, pod, running, cancellationToken).ConfigureAwait(false);
        }

        var status = RunningStatus(pod, running);
        if (status is not null)
        {
            try
            {
                await client.Resource<Pod>().UpdateStatusAsync(pod with { Status = status }, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (KubeApiException e) when (e.Reason == KubeErrorReason.Conflict)
            {
                // The cache was behind; the change that made it stale enqueues this pod again.
                return ReconcileResult.Done;
            }

            LogRunning(logger, cluster.Name, key, pod.Spec?.NodeName, running.Address);
        }

        return ReconcileResult.Done;
    }

    public async ValueTask DisposeAsync()
    {
        var stopped = new List<RunningPod>();
        foreach (var (key, running) in _running)
        {
            if (_running.TryRemove(key, out _))
            {
                stopped.Add(running);
            }
        }

        // Every process this kubelet started, and only those, is stopped with it: all at once, each with its grace period.
        await Task.WhenAll(stopped.Where(r => r.Processes is not null).Select(r => r.Processes!.StopAsync(processes.Settings.MaxTerminationGrace))).ConfigureAwait(false);
        foreach (var running in stopped)
        {
            if (running.Workload is not null)
            {
                await running.Workload.DisposeAsync().ConfigureAwait(false);
            }

            if (running.Processes is not null)
            {
                await running.Processes.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>The recorder of the kubelet of the pod's node (kube's source host is the node name).</summary>
    private IEventRecorder EventsOn(Pod pod) => recorders.For(EventComponents.Kubelet, pod.Spec?.NodeName ?? string.Empty);

    /// <summary>The events a kubelet writes when it starts a pod's containers; images are always "present" here.</summary>
    private void RecordContainersStarted(Pod pod)
    {
        var events = EventsOn(pod);
        foreach (var container in pod.Spec?.Containers ?? [])
        {
            events.Record(pod, EventType.Normal, "Pulled", $"Container image \"{container.Image}\" already present on machine");
            events.Record(pod, EventType.Normal, "Created", $"Created container: {container.Name}");
            events.Record(pod, EventType.Normal, "Started", $"Started container {container.Name}");
        }
    }

    private bool IsOurs(Pod pod) => pod.Spec?.NodeName is { Length: > 0 } node && _nodeNames.Contains(node);

    /// <summary>Once, before the first allocation: claims the IPs that pods on our nodes already report.</summary>
    private void RestoreAddresses()
    {
        if (Interlocked.Exchange(ref _restored, 1) != 0)
        {
            return;
        }

        foreach (var pod in pods.List())
        {
            if (IsOurs(pod) && pod.Status?.PodIP is { } ip && IPAddress.TryParse(ip, out var address))
            {
                addresses.Reserve(pod.Metadata.Uid!, address);
            }
        }
    }

    private async Task<RunningPod> StartAsync(ObjectKey key, Pod pod, CancellationToken cancellationToken)
    {
        var uid = pod.Metadata.Uid!;
        IPAddress? address = null;
        if (pod.Status?.PodIP is { } reported && IPAddress.TryParse(reported, out var parsed) && addresses.Reserve(uid, parsed))
        {
            address = parsed;
        }

        address ??= addresses.Allocate(uid) ?? throw new InvalidOperationException($"cluster {cluster.Name} has no pod IPs left");
        var ports = (pod.Spec?.Containers ?? [])
            .Where(c => string.Equals(ImageName(c.Image), EchoImage.Name, StringComparison.Ordinal))
            .SelectMany(c => c.Ports ?? [])
            .DistinctBy(p => (p.Port, p.Protocol ?? "TCP"))
            .Select(p => new Workloads.ContainerPort(p.Port, p.Protocol ?? "TCP", p.Name))
            .ToList();
        IWorkload? workload = null;
        if (ports.Count > 0)
        {
            // The first echo container's access log, where kubectl logs reads it (one line per HTTP request).
            var echo = pod.Spec!.Containers.First(c => string.Equals(ImageName(c.Image), EchoImage.Name, StringComparison.Ordinal) && c.Ports is { Length: > 0 });
            var accessLog = new ContainerLog(Path.Combine(processes.Settings.PodsDirectory, $"{key.Namespace}_{key.Name}_{uid}", "logs", echo.Name, "0.log"), processes.Settings.MaxLogBytes, time);
            accessLog.Append("stdout", string.Create(CultureInfo.InvariantCulture, $"echo: pod {key.Namespace}/{key.Name} serving on {address} ports {string.Join(',', ports.Select(p => p.Number))}"));
            processes.RegisterEchoLog(uid, echo.Name, accessLog);
            workload = EchoImage.CreateWorkload(new PodIdentity(cluster.Name, key.Namespace, key.Name, address), ports, loggerFactory, cluster.Network, accessLog);
            try
            {
                await workload.StartAsync(cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                await workload.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }

        ProcessWorkload? processWorkload = null;
        if (pod.Spec!.Containers.Any(c => processes.ImageFor(c.Image) is not null))
        {
            processWorkload = new ProcessWorkload(uid, Path.Combine(processes.Settings.PodsDirectory, $"{key.Namespace}_{key.Name}_{uid}"), processes);
        }

        var running = new RunningPod(uid, address, workload, processWorkload, time.GetUtcNow());
        _running[key] = running;
        if (processWorkload is not null)
        {
            await PrepareProcessesAsync(pod, running, cancellationToken).ConfigureAwait(false);
        }

        LogStarted(logger, cluster.Name, key, address, ports.Count);
        return running;
    }

    private async Task StopAsync(ObjectKey key, RunningPod running, CancellationToken cancellationToken, TimeSpan? grace = null)
    {
        _running.TryRemove(key, out _);
        if (running.Workload is not null)
        {
            await running.Workload.StopAsync(cancellationToken).ConfigureAwait(false);
            await running.Workload.DisposeAsync().ConfigureAwait(false);
        }

        if (running.Processes is not null)
        {
            await running.Processes.StopAsync(grace ?? processes.Settings.MaxTerminationGrace).ConfigureAwait(false);
            await running.Processes.DisposeAsync().ConfigureAwait(false);
        }

        processes.UnregisterEchoLogs(running.Uid);
        addresses.Release(running.Uid);
        LogStopped(logger, cluster.Name, key);
    }

    /// <summary>Removes the pod for good; false when a concurrent write of this same pod got in the way (look again).</summary>
    private async Task<bool> FinalDeleteAsync(Pod pod, CancellationToken cancellationToken)
    {
        var pods = client.Resource<Pod>();
        try
        {
            await pods.DeleteAsync(pod.Metadata.Namespace, pod.Metadata.Name!, new DeleteOptions { GracePeriodSeconds = 0, PreconditionUid = pod.Metadata.Uid }, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (KubeApiException e) when (e.Reason is KubeErrorReason.NotFound)
        {
            return true; // Gone already.
        }
        catch (KubeApiException e) when (e.Reason is KubeErrorReason.Conflict)
        {
            // Another pod of that name (a new uid) is not ours to delete; the same one still there must go.
            var current = await pods.GetAsync(pod.Metadata.Namespace, pod.Metadata.Name!, cancellationToken).ConfigureAwait(false);
            return current is null || current.Metadata.Uid != pod.Metadata.Uid;
        }
    }

    /// <summary>The Running status the pod should report, or null when it already does.</summary>
    private PodStatus? RunningStatus(Pod pod, RunningPod running)
    {
        var ip = running.Address.ToString();
        var node = nodes.GetByKey(ObjectKey.Cluster(pod.Spec!.NodeName!));
        var hostIp = node?.Status?.Addresses?.FirstOrDefault(a => a.Type == "InternalIP")?.Address;
        var current = pod.Status;
        var containers = pod.Spec.Containers;
        if (current is { Phase: "Running" } && current.PodIP == ip && current.HostIP == hostIp && PodStates.IsReady(pod)
            && current.ContainerStatuses?.Length == containers.Length)
        {
            return null;
        }

        var now = time.GetUtcNow();
        var started = current?.StartTime ?? running.Since;
        var startedText = started.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        using var state = JsonDocument.Parse($$$"""{"running":{"startedAt":"{{{startedText}}}"}}""");
        var conditions = RunningConditions
            .Select(type => new PodCondition
            {
                Type = type,
                Status = "True",
                LastTransitionTime = current?.Conditions?.FirstOrDefault(c => c.Type == type && c.Status == "True")?.LastTransitionTime ?? now,
            })
            .ToImmutableArray();
        return (current ?? new PodStatus()) with
        {
            Phase = "Running",
            Conditions = conditions,
            PodIP = ip,
            PodIPs = [new PodIP { Ip = ip }],
            HostIP = hostIp,
            HostIPs = hostIp is null ? null : [new PodIP { Ip = hostIp }],
            StartTime = started,
            Reason = null,
            Message = null,
            ContainerStatuses = containers.Select((c, i) => new ContainerStatus
            {
                Name = c.Name,
                Ready = true,
                Started = true,
                RestartCount = 0,
                Image = c.Image,
                ImageID = c.Image + "@sha256:" + new string('0', 64),
                ContainerID = "sandbox://" + pod.Metadata.Uid + "-" + i.ToString(System.Globalization.CultureInfo.InvariantCulture),
                State = state.RootElement.Clone(),
            }).ToImmutableArray(),
        };
    }

    private static string? ImageName(string? image) => ProcessRuntime.Repository(image);

    private sealed record RunningPod(string Uid, IPAddress Address, IWorkload? Workload, ProcessWorkload? Processes, DateTimeOffset Since)
    {
        public SemaphoreSlim StatusGate { get; } = new(1, 1);

        public int Dirty;
    }

    [LoggerMessage(EventId = 7130, Level = LogLevel.Debug, Message = "Cluster {Cluster}: pod {Pod} started on {PodIP} with {Ports} listening ports")]
    private static partial void LogStarted(ILogger logger, string cluster, ObjectKey pod, IPAddress podIP, int ports);

    [LoggerMessage(EventId = 7131, Level = LogLevel.Debug, Message = "Cluster {Cluster}: pod {Pod} is Running on node {Node} at {PodIP}")]
    private static partial void LogRunning(ILogger logger, string cluster, ObjectKey pod, string? node, IPAddress podIP);

    [LoggerMessage(EventId = 7132, Level = LogLevel.Debug, Message = "Cluster {Cluster}: pod {Pod} stopped")]
    private static partial void LogStopped(ILogger logger, string cluster, ObjectKey pod);
}
