using Microsoft.Extensions.Logging;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Kube.Runtime.Reconcile;
using Tdcc.Mesh.Sandbox.Workloads;

namespace Tdcc.Mesh.Sandbox.Controllers;

/// <summary>
/// The kubelet's echo containers that end (<see cref="EchoExitPlan"/>): each instance runs for its time and terminates
/// with its exit code (reason Completed for 0, Error otherwise). As kubelet does, restartPolicy Never leaves it
/// terminated (pod Succeeded when every container exited 0, else Failed), OnFailure restarts failed ones and Always
/// every one, after a CrashLoopBackOff of 10s doubling up to 5 minutes, counting restarts. The states are a function
/// of the time since the pod started, so the reconciler comes back at the next change.
/// </summary>
internal sealed partial class KubeletReconciler
{
    private static readonly TimeSpan InitialBackOff = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan MaxBackOff = TimeSpan.FromMinutes(5);

    private static bool HasExitPlan(Pod pod) =>
        pod.Spec?.Containers.Any(c => EchoExitPlan.Of(c.Image, c.Command, c.Args) is not null) == true;

    private async Task<ReconcileResult> ReconcileExitingAsync(ObjectKey key, Pod pod, RunningPod running, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var restartPolicy = pod.Spec!.RestartPolicy ?? "Always";
        TimeSpan? next = null;
        var index = 0;
        var status = ProcessStatus(pod, running, (container, _) =>
        {
            var snapshot = Simulate(pod, container, index++, restartPolicy, running.Since, now, out var change);
            if (change is { } c && (next is null || c < next))
            {
                next = c;
            }

            return snapshot;
        });
        var phase = status?.Phase ?? pod.Status?.Phase;
        if (status is not null)
        {
            try
            {
                await client.Resource<Pod>().UpdateStatusAsync(pod with { Status = status }, cancellationToken: cancellationToken).ConfigureAwait(false);
                LogExitingStatus(logger, cluster.Name, key, status.Phase);
            }
            catch (KubeApiException e) when (e.Reason == KubeErrorReason.Conflict)
            {
                return ReconcileResult.After(TimeSpan.FromMilliseconds(200));
            }
        }

        if (phase is "Succeeded" or "Failed")
        {
            await StopAsync(key, running, cancellationToken).ConfigureAwait(false);
            return ReconcileResult.Done;
        }

        return next is { } delay ? ReconcileResult.After(delay < TimeSpan.FromMilliseconds(50) ? TimeSpan.FromMilliseconds(50) : delay) : ReconcileResult.Done;
    }

    /// <summary>The state of one container <paramref name="now"/>, and how long until it changes (null: never).</summary>
    internal static ContainerSnapshot Simulate(Pod pod, Container container, int index, string restartPolicy, DateTimeOffset since, DateTimeOffset now, out TimeSpan? change)
    {
        change = null;
        var plan = EchoExitPlan.Of(container.Image, container.Command, container.Args);
        var id = $"sandbox://{pod.Metadata.Uid}-{index}";
        if (plan is null)
        {
            return new ContainerSnapshot(container.Name, new ContainerState(ContainerStateKind.Running, StartedAt: since, ContainerId: id), null, 0, true, true);
        }

        var start = since;
        var restarts = 0;
        ContainerState? last = null;
        while (true)
        {
            var instance = $"{id}-{restarts}";
            var end = start + plan.RunFor;
            if (now < end)
            {
                change = end - now;
                return new ContainerSnapshot(container.Name, new ContainerState(ContainerStateKind.Running, StartedAt: start, ContainerId: instance), last, restarts, true, true);
            }

            var terminated = new ContainerState(ContainerStateKind.Terminated, plan.ExitCode == 0 ? "Completed" : "Error", null, plan.ExitCode, start, end, instance);
            var restart = restartPolicy == "Always" || (restartPolicy == "OnFailure" && plan.ExitCode != 0);
            if (!restart)
            {
                return new ContainerSnapshot(container.Name, terminated, last, restarts, false, false);
            }

            var backOff = TimeSpan.FromTicks(Math.Min(MaxBackOff.Ticks, InitialBackOff.Ticks << Math.Min(restarts, 10)));
            if (now < end + backOff)
            {
                change = end + backOff - now;
                var message = $"back-off {Go(backOff)} restarting failed container={container.Name} pod={pod.Metadata.Name}_{pod.Metadata.Namespace}({pod.Metadata.Uid})";
                return new ContainerSnapshot(container.Name, new ContainerState(ContainerStateKind.Waiting, "CrashLoopBackOff", message), terminated, restarts + 1, false, false);
            }

            start = end + backOff;
            restarts++;
            last = terminated;
        }
    }

    private static string Go(TimeSpan span) =>
        span.TotalMinutes >= 1 ? $"{(int)span.TotalMinutes}m{span.Seconds}s" : $"{(int)span.TotalSeconds}s";

    [LoggerMessage(EventId = 7265, Level = LogLevel.Debug, Message = "Cluster {Cluster}: echo pod {Pod} with an exit plan is {Phase}")]
    private static partial void LogExitingStatus(ILogger logger, string cluster, ObjectKey pod, string? phase);
}
