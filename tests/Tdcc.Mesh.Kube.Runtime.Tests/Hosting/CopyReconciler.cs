using Microsoft.Extensions.DependencyInjection;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Kube.Runtime.Informers;
using Tdcc.Mesh.Kube.Runtime.Reconcile;

namespace Tdcc.Mesh.Kube.Runtime.Tests.Hosting;

/// <summary>Reads ConfigMaps of the "source" cluster from its keyed cache and mirrors them into the "target" cluster.</summary>
public sealed class CopyReconciler(
    [FromKeyedServices(CopyReconciler.Source)] IInformerStore<ConfigMap> source,
    [FromKeyedServices(CopyReconciler.Target)] IKubeClient target) : IReconciler
{
    public const string Source = "source";
    public const string Target = "target";

    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        var configMaps = target.Resource<ConfigMap>();
        var original = source.GetByKey(key);
        var copy = await configMaps.GetAsync(key.Namespace, key.Name, cancellationToken);
        if (original is null)
        {
            if (copy is not null)
            {
                await configMaps.DeleteAsync(key.Namespace, key.Name, cancellationToken: cancellationToken);
            }

            return ReconcileResult.Done;
        }

        if (copy is null)
        {
            await configMaps.CreateAsync(
                new ConfigMap { Metadata = new ObjectMeta { Namespace = key.Namespace, Name = key.Name }, Data = original.Data },
                cancellationToken: cancellationToken);
        }

        return ReconcileResult.Done;
    }
}
