using Tdcc.Mesh.ApiServer.Bench.Measurement;
using Tdcc.Mesh.ApiServer.Bench.Workload;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Model;

namespace Tdcc.Mesh.ApiServer.Bench.Server;

/// <summary>Creates N ConfigMaps of about 1 KiB through the REST API with C requests in flight, then updates each once.</summary>
internal static class ApiServerWriteBench
{
    public const string Target = "API server";

    public static async Task<IReadOnlyList<WriteResult>> RunAsync(IKubeClient client, int objects, int concurrency, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);

        // Warm-up in its own namespace: JIT, connection pool, first-use paths of the server.
        await MeasureAsync(client, "bench-warmup", Math.Clamp(objects / 10, 20, 500), concurrency, cancellationToken).ConfigureAwait(false);
        return await MeasureAsync(client, "bench-writes", objects, concurrency, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<IReadOnlyList<WriteResult>> MeasureAsync(IKubeClient client, string namespaceName, int objects, int concurrency, CancellationToken cancellationToken)
    {
        await BenchNamespaces.CreateAsync(client, namespaceName, cancellationToken).ConfigureAwait(false);
        var configMaps = client.Resource<ConfigMap>();
        var workload = new ConfigMapWorkload(namespaceName);
        var stored = new ConfigMap[objects];

        var create = await ConcurrentLoop.RunAsync(
            objects,
            concurrency,
            async (i, ct) => stored[i] = await configMaps.CreateAsync(workload.Create(i), null, ct).ConfigureAwait(false),
            cancellationToken).ConfigureAwait(false);

        var update = await ConcurrentLoop.RunAsync(
            objects,
            concurrency,
            async (i, ct) => stored[i] = await configMaps.UpdateAsync(workload.Update(stored[i], 1), null, ct).ConfigureAwait(false),
            cancellationToken).ConfigureAwait(false);

        return
        [
            new WriteResult(Target, "create", objects, concurrency, create.Elapsed, create.Latency),
            new WriteResult(Target, "update", objects, concurrency, update.Elapsed, update.Latency),
        ];
    }
}
