using Microsoft.Extensions.Logging;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Kube.Runtime.Conditions;
using Tdcc.Mesh.Kube.Runtime.Informers;
using Tdcc.Mesh.Kube.Runtime.Reconcile;
using Tdcc.Mesh.Policy.Api;

namespace Tdcc.Mesh.Policy.Resolution;

/// <summary>
/// Writes the <c>Accepted</c> condition of every TrafficPolicy from the same resolution the xDS model uses
/// (<see cref="TrafficPolicyResolver"/> over the clusterset's services), only for policies whose condition changed.
/// Every policy or service change enqueues the one key <see cref="Key"/> (one policy's verdict depends on the others);
/// a failed write is retried by the controller with backoff. A rejected policy is logged by name.
/// </summary>
public sealed partial class TrafficPolicyStatusReconciler(
    IKubeClient hub,
    IInformerStore<TrafficPolicy> policies,
    IClusterSetServiceNames services,
    TimeProvider time,
    ILogger<TrafficPolicyStatusReconciler> logger) : IReconciler
{
    /// <summary>The single key every change enqueues.</summary>
    public static readonly ObjectKey Key = ObjectKey.Cluster("traffic-policies");

    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        var all = policies.List();
        var verdicts = TrafficPolicyResolver.Resolve(all, services.List()).Verdicts.ToDictionary(v => (v.Namespace, v.Name));
        var now = time.GetUtcNow();
        foreach (var policy in all)
        {
            if (!verdicts.TryGetValue((policy.Metadata.Namespace ?? string.Empty, policy.Metadata.Name ?? string.Empty), out var verdict))
            {
                continue;
            }

            var condition = new Condition
            {
                Type = TrafficPolicyConditions.Accepted,
                Status = verdict.Accepted ? ConditionSet.True : ConditionSet.False,
                ObservedGeneration = verdict.Generation,
                Reason = verdict.Reason,
                Message = verdict.Message,
            };
            var (changed, conditions) = ConditionSet.Set(policy.Status?.Conditions, condition, now);
            if (!changed)
            {
                continue;
            }

            if (!verdict.Accepted)
            {
                LogRejected(logger, verdict.Namespace, verdict.Name, verdict.Reason, verdict.Message);
            }

            try
            {
                await hub.Resource<TrafficPolicy>().UpdateStatusAsync(
                    policy with { Status = (policy.Status ?? new TrafficPolicyStatus()) with { Conditions = conditions } },
                    cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (KubeApiException e) when (e.Reason == KubeErrorReason.NotFound)
            {
                // Deleted meanwhile.
            }
        }

        return ReconcileResult.Done;
    }

    [LoggerMessage(EventId = 5100, Level = LogLevel.Warning, Message = "TrafficPolicy {Namespace}/{Name} is not accepted ({Reason}): {Detail}")]
    private static partial void LogRejected(ILogger logger, string @namespace, string name, string reason, string detail);
}
