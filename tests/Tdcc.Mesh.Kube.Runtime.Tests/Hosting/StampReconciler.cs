using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Kube.Runtime.Informers;
using Tdcc.Mesh.Kube.Runtime.Reconcile;

namespace Tdcc.Mesh.Kube.Runtime.Tests.Hosting;

// The worked example of docs/controller-runtime.md; keep the two in step.
public sealed class StampReconciler(IInformerStore<ConfigMap> cache, IKubeClient client) : IReconciler
{
    public const string Annotation = "mesh.tdcc.io/stamped";

    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        // Read the current state from the informer's cache: level-based, not the event.
        var configMap = cache.GetByKey(key);
        if (configMap is null || configMap.Metadata.Annotations?.ContainsKey(Annotation) == true)
        {
            return ReconcileResult.Done;
        }

        var annotations = (configMap.Metadata.Annotations ?? []).SetItem(Annotation, "true");
        var stamped = configMap with { Metadata = configMap.Metadata with { Annotations = annotations } };

        // A conflict (stale resourceVersion) throws; the controller retries with backoff.
        await client.Resource<ConfigMap>().UpdateAsync(stamped, cancellationToken: cancellationToken);
        return ReconcileResult.Done;
    }
}
