using Tdcc.Mesh.Clusters.Model;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Kube.Runtime.Informers;
using Tdcc.Mesh.Kube.Runtime.Reconcile;

namespace Tdcc.Mesh.Clusters.Hub.Controllers;

/// <summary>
/// Reconciles one ClusterRegistrationRequest as it changes: decide, provision, point its status at the credentials.
/// A request still in progress (for instance waiting for the cleanup of an earlier incarnation) is looked at again
/// after <see cref="InProgressRequeue"/>.
/// </summary>
internal sealed class RegistrationRequestController(ClusterHubRuntime hub, IInformerStore<ClusterRegistrationRequest> requests) : IReconciler
{
    public static readonly TimeSpan InProgressRequeue = TimeSpan.FromSeconds(1);

    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        if (requests.GetByKey(key) is not { } request)
        {
            return ReconcileResult.Done;
        }

        return await hub.ReconcileRequestAsync(request, cancellationToken).ConfigureAwait(false)
            ? ReconcileResult.Done
            : ReconcileResult.After(InProgressRequeue);
    }
}
