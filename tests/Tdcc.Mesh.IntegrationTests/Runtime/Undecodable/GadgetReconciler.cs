using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Kube.Runtime.Reconcile;

namespace Tdcc.Mesh.IntegrationTests.Runtime.Undecodable;

/// <summary>Records each reconcile of a gadget in the probe.</summary>
public sealed class GadgetReconciler(ReconcileProbe probe) : IReconciler
{
    public Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        probe.Attempt(key);
        return Task.FromResult(ReconcileResult.Done);
    }
}
