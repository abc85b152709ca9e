using Tdcc.Mesh.Kube.Model;

namespace Tdcc.Mesh.Kube.Runtime.Reconcile;

/// <summary>
/// Drives one object towards its desired state. It receives a key, not an event: reconciliation is
/// level-based and reads the current state (from an informer's store) each time. The controller owns
/// retries: throw to be retried with backoff, throw <see cref="TerminalReconcileException"/> to give up.
/// </summary>
public interface IReconciler
{
    Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken);
}
