using Tdcc.Mesh.IntegrationTests.Client;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Kube.Runtime.Informers;
using Tdcc.Mesh.Kube.Runtime.Ownership;
using Tdcc.Mesh.Kube.Runtime.Reconcile;

namespace Tdcc.Mesh.IntegrationTests.Runtime;

/// <summary>Keeps a ConfigMap <c>&lt;deployment&gt;-config</c> controlled by each Deployment.</summary>
public sealed class OwnedConfigReconciler(IInformerStore<Deployment> deployments, IInformerStore<ConfigMap> configMaps, IKubeClient client, ReconcileProbe probe) : IReconciler
{
    public static string ConfigOf(string deployment) => deployment + "-config";

    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        probe.Attempt(key);
        var deployment = deployments.GetByKey(key);
        if (deployment is null || deployment.Metadata.DeletionTimestamp is not null)
        {
            return ReconcileResult.Done;
        }

        if (configMaps.GetByKey(new ObjectKey(key.Namespace, ConfigOf(key.Name))) is not null)
        {
            return ReconcileResult.Done;
        }

        var owned = OwnerReferences.SetControllerReference(deployment, TestObjects.ConfigMap(key.Namespace, ConfigOf(key.Name)));
        try
        {
            await client.Resource<ConfigMap>().CreateAsync(owned, cancellationToken: cancellationToken);
            probe.Note($"created {ConfigOf(key.Name)}");
        }
        catch (KubeApiException ex) when (ex.Reason == KubeErrorReason.AlreadyExists)
        {
            // The cache was behind; the object exists.
        }

        return ReconcileResult.Done;
    }
}
