using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Tdcc.Mesh.ApiMachinery.Resource;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Kube.Runtime.Events;
using Tdcc.Mesh.Kube.Runtime.Informers;
using Tdcc.Mesh.Kube.Runtime.Reconcile;

namespace Tdcc.Mesh.Sandbox.Controllers;

/// <summary>
/// kube-scheduler, reduced to resource fit: a pending pod (no nodeName) is bound to the Ready, schedulable node whose
/// allocatable CPU, memory and pod count still cover the pod's requests, preferring the least loaded one (spreading);
/// nodeSelector is honoured. A pod that fits nowhere stays Pending with PodScheduled=False, reason Unschedulable,
/// and is retried every few seconds. Affinity, taints and priorities are not simulated.
/// </summary>
internal sealed partial class SchedulerReconciler(
    IInformerStore<Pod> pods,
    IInformerStore<Node> nodes,
    IKubeClient client,
    TimeProvider time,
    EventRecorderSet recorders,
    ILogger<SchedulerReconciler> logger) : IReconciler
{
    private readonly IEventRecorder _events = recorders.For(EventComponents.Scheduler);

    /// <summary>Pods bound but not yet seen bound in the cache, so they count against their node meanwhile.</summary>
    private readonly ConcurrentDictionary<string, (string Node, Pod Pod)> _assumed = new(StringComparer.Ordinal);

    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        var pod = pods.GetByKey(key);
        if (pod is null || !string.IsNullOrEmpty(pod.Spec?.NodeName) || pod.Metadata.DeletionTimestamp is not null
            || (pod.Spec?.SchedulerName ?? "default-scheduler") != "default-scheduler")
        {
            if (pod?.Metadata.Uid is { } uid)
            {
                _assumed.TryRemove(uid, out _);
            }

            return ReconcileResult.Done;
        }

        if (_assumed.ContainsKey(pod.Metadata.Uid ?? string.Empty))
        {
            return ReconcileResult.Done;
        }

        var (cpu, memory) = Requests(pod);
        var usage = Usage();
        var candidates = nodes.List()
            .Where(n => n.Spec?.Unschedulable != true && n.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true)
            .Where(n => pod.Spec?.NodeSelector is not { } selector || Selectors.Matches(selector, n.Metadata.Labels))
            .Select(n =>
            {
                var used = usage.GetValueOrDefault(n.Metadata.Name!);
                var allocatable = n.Status?.Allocatable ?? ImmutableDictionary<string, string>.Empty;
                var freeCpu = MilliValue(allocatable.GetValueOrDefault("cpu")) - used.Cpu;
                var freeMemory = Value(allocatable.GetValueOrDefault("memory")) - used.Memory;
                var freePods = Value(allocatable.GetValueOrDefault("pods", "110")) - used.Pods;
                return (Node: n, FreeCpu: freeCpu, FreeMemory: freeMemory, FreePods: freePods);
            })
            .ToList();
        var fit = candidates.Where(c => c.FreeCpu >= cpu && c.FreeMemory >= memory && c.FreePods >= 1)
            .OrderByDescending(c => c.FreePods)
            .ThenByDescending(c => c.FreeCpu)
            .ThenBy(c => c.Node.Metadata.Name, StringComparer.Ordinal)
            .FirstOrDefault();
        if (fit.Node is null)
        {
            var message = candidates.Count == 0
                ? "0/0 nodes are available: no nodes match."
                : $"0/{candidates.Count} nodes are available: {candidates.Count} Insufficient {(candidates.All(c => c.FreeCpu < cpu) ? "cpu" : "memory")}. preemption: not eligible.";
            await MarkUnschedulableAsync(pod, message, cancellationToken).ConfigureAwait(false);
            return ReconcileResult.After(TimeSpan.FromSeconds(5));
        }

        var nodeName = fit.Node.Metadata.Name!;
        _assumed[pod.Metadata.Uid!] = (nodeName, pod);
        try
        {
            // kube binds through pods/binding; a merge patch of spec.nodeName has the same effect here.
            var patch = new JsonObject { ["spec"] = new JsonObject { ["nodeName"] = nodeName } };
            await client.Resource<Pod>().PatchAsync(pod.Metadata.Namespace, pod.Metadata.Name!, new Patch(PatchType.Merge, patch.ToJsonString()), cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (KubeApiException e) when (e.Reason == KubeErrorReason.NotFound)
        {
            _assumed.TryRemove(pod.Metadata.Uid!, out _);
            return ReconcileResult.Done;
        }
        catch
        {
            _assumed.TryRemove(pod.Metadata.Uid!, out _);
            throw;
        }

        _events.Record(pod, EventType.Normal, "Scheduled", $"Successfully assigned {key.Namespace}/{key.Name} to {nodeName}");
        LogBound(logger, key, nodeName);
        return ReconcileResult.Done;
    }

    private async Task MarkUnschedulableAsync(Pod pod, string message, CancellationToken cancellationToken)
    {
        _events.Record(pod, EventType.Warning, "FailedScheduling", message);
        var existing = pod.Status?.Conditions?.FirstOrDefault(c => c.Type == "PodScheduled");
        if (existing is { Status: "False", Reason: "Unschedulable" } && existing.Message == message)
        {
            return;
        }

        var condition = new PodCondition { Type = "PodScheduled", Status = "False", Reason = "Unschedulable", Message = message, LastTransitionTime = time.GetUtcNow() };
        var conditions = (pod.Status?.Conditions ?? []).Where(c => c.Type != "PodScheduled").Append(condition).ToImmutableArray();
        try
        {
            await client.Resource<Pod>().UpdateStatusAsync(pod with { Status = (pod.Status ?? new PodStatus()) with { Phase = "Pending", Conditions = conditions } }, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (KubeApiException e) when (e.Reason is KubeErrorReason.NotFound or KubeErrorReason.Conflict)
        {
            // Gone or changed; the change brings the pod back.
        }

        LogUnschedulable(logger, pod.Metadata.Name, message);
    }

    private Dictionary<string, (long Cpu, long Memory, long Pods)> Usage()
    {
        var usage = new Dictionary<string, (long Cpu, long Memory, long Pods)>(StringComparer.Ordinal);
        void Add(string node, Pod pod)
        {
            var (cpu, memory) = Requests(pod);
            var current = usage.GetValueOrDefault(node);
            usage[node] = (current.Cpu + cpu, current.Memory + memory, current.Pods + 1);
        }

        var bound = new HashSet<string>(StringComparer.Ordinal);
        foreach (var pod in pods.List())
        {
            if (pod.Spec?.NodeName is { Length: > 0 } node && pod.Status?.Phase is not ("Succeeded" or "Failed"))
            {
                Add(node, pod);
                bound.Add(pod.Metadata.Uid ?? string.Empty);
            }
        }

        foreach (var (uid, assumed) in _assumed)
        {
            if (bound.Contains(uid) || pods.GetByKey(ObjectKey.Of(assumed.Pod)) is null)
            {
                _assumed.TryRemove(uid, out _);
            }
            else
            {
                Add(assumed.Node, assumed.Pod);
            }
        }

        return usage;
    }

    private static (long Cpu, long Memory) Requests(Pod pod)
    {
        long cpu = 0, memory = 0;
        foreach (var container in pod.Spec?.Containers ?? [])
        {
            var requests = container.Resources?.Requests ?? container.Resources?.Limits;
            cpu += MilliValue(requests?.GetValueOrDefault("cpu"));
            memory += Value(requests?.GetValueOrDefault("memory"));
        }

        return (cpu, memory);
    }

    /// <summary>A quantity in thousandths (kube's MilliValue); 0 when absent or unreadable.</summary>
    private static long MilliValue(string? quantity) => Quantity.TryParse(quantity, out var q) ? q.MilliValue() : 0;

    /// <summary>A quantity in whole units (kube's Value); 0 when absent or unreadable.</summary>
    private static long Value(string? quantity) => Quantity.TryParse(quantity, out var q) ? q.Value() : 0;

    [LoggerMessage(EventId = 7120, Level = LogLevel.Debug, Message = "Pod {Pod} bound to node {Node}")]
    private static partial void LogBound(ILogger logger, ObjectKey pod, string node);

    [LoggerMessage(EventId = 7121, Level = LogLevel.Information, Message = "Pod {Pod} is unschedulable: {Reason}")]
    private static partial void LogUnschedulable(ILogger logger, string? pod, string reason);
}
