using Tdcc.Mesh.IntegrationTests.Client;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Kube.Runtime.Informers;
using Tdcc.Mesh.Kube.Runtime.Ownership;
using Tdcc.Mesh.Kube.Runtime.Reconcile;

namespace Tdcc.Mesh.IntegrationTests.Runtime;

/// <summary>
/// For ConfigMaps labelled <see cref="GuardedLabel"/>: adds <see cref="Finalizer"/> and keeps a companion
/// ConfigMap; once the object is deleting, deletes the companion and removes the finalizer.
/// </summary>
public sealed class FinalizingReconciler(IInformerStore<ConfigMap> cache, IKubeClient client, ReconcileProbe probe) : IReconciler
{
    public const string GuardedLabel = "tests.tdcc.io/guarded";
    public const string Finalizer = "tests.tdcc.io/cleanup";

    public static string CompanionOf(string name) => name + "-companion";

    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        probe.Attempt(key);
        var configMap = cache.GetByKey(key);
        if (configMap is null || configMap.Metadata.Labels?.ContainsKey(GuardedLabel) != true)
        {
            return ReconcileResult.Done;
        }

        var configMaps = client.Resource<ConfigMap>();
        if (configMap.Metadata.DeletionTimestamp is not null)
        {
            if (!Finalizers.HasFinalizer(configMap, Finalizer))
            {
                return ReconcileResult.Done;
            }

            probe.Note($"saw deletion of {key}");
            try
            {
                await configMaps.DeleteAsync(key.Namespace, CompanionOf(key.Name), cancellationToken: cancellationToken);
            }
            catch (KubeApiException ex) when (ex.IsNotFound)
            {
                // Cleaned up already.
            }

            var (_, released) = Finalizers.RemoveFinalizer(configMap, Finalizer);
            await configMaps.UpdateAsync(released, cancellationToken: cancellationToken);
            probe.Note($"released {key}");
            return ReconcileResult.Done;
        }

        var (added, withFinalizer) = Finalizers.AddFinalizer(configMap, Finalizer);
        if (added)
        {
            await configMaps.UpdateAsync(withFinalizer, cancellationToken: cancellationToken);
        }

        try
        {
            await configMaps.CreateAsync(TestObjects.ConfigMap(key.Namespace, CompanionOf(key.Name)), cancellationToken: cancellationToken);
        }
        catch (KubeApiException ex) when (ex.Reason == KubeErrorReason.AlreadyExists)
        {
            // Present already.
        }

        return ReconcileResult.Done;
    }
}
