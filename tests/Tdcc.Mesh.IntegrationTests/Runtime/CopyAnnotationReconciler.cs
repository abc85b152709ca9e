using System.Text.Json.Nodes;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Kube.Runtime.Informers;
using Tdcc.Mesh.Kube.Runtime.Reconcile;

namespace Tdcc.Mesh.IntegrationTests.Runtime;

/// <summary>Keeps a ConfigMap's <c>data.copy</c> equal to its <see cref="SourceAnnotation"/> annotation.</summary>
public sealed class CopyAnnotationReconciler(IInformerStore<ConfigMap> cache, IKubeClient client, ReconcileProbe probe) : IReconciler
{
    public const string SourceAnnotation = "tests.tdcc.io/source";

    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        probe.Attempt(key);
        var configMap = cache.GetByKey(key);
        if (configMap?.Metadata.Annotations?.GetValueOrDefault(SourceAnnotation) is not { } source
            || configMap.Data?.GetValueOrDefault("copy") == source)
        {
            return ReconcileResult.Done;
        }

        var patch = new JsonObject { ["data"] = new JsonObject { ["copy"] = source } };
        await client.Resource<ConfigMap>().PatchAsync(key.Namespace, key.Name, new Patch(PatchType.Merge, patch.ToJsonString()), cancellationToken: cancellationToken);
        return ReconcileResult.Done;
    }
}
