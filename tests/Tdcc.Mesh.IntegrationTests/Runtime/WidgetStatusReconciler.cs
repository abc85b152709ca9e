using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Kube.Runtime.Conditions;
using Tdcc.Mesh.Kube.Runtime.Informers;
using Tdcc.Mesh.Kube.Runtime.Reconcile;

namespace Tdcc.Mesh.IntegrationTests.Runtime;

/// <summary>Reports a Widget's size in its status with a <c>Ready</c> condition, writing only when something changed.</summary>
public sealed class WidgetStatusReconciler(IInformerStore<Widget> cache, IKubeClient client, TimeProvider time, ReconcileProbe probe) : IReconciler
{
    public const string Ready = "Ready";

    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        probe.Attempt(key);
        var widget = cache.GetByKey(key);
        if (widget?.Spec is not { } spec)
        {
            return ReconcileResult.Done;
        }

        var condition = new Condition
        {
            Type = Ready,
            Status = spec.Size > 0 ? ConditionSet.True : ConditionSet.False,
            Reason = "SizeObserved",
            Message = $"size {spec.Size}",
            ObservedGeneration = widget.Metadata.Generation,
        };
        var (changed, conditions) = ConditionSet.Set(widget.Status?.Conditions, condition, time.GetUtcNow());
        if (!changed && widget.Status?.ObservedSize == spec.Size)
        {
            return ReconcileResult.Done;
        }

        var status = (widget.Status ?? new WidgetStatus()) with { ObservedSize = spec.Size, Conditions = conditions };
        await client.Resource<Widget>().UpdateStatusAsync(widget with { Status = status }, cancellationToken: cancellationToken);
        probe.Note($"status written for size {spec.Size}");
        return ReconcileResult.Done;
    }
}
