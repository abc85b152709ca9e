using Tdcc.Mesh.ApiServer.Bench.Measurement;
using Tdcc.Mesh.ApiServer.Bench.Workload;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Model;

namespace Tdcc.Mesh.ApiServer.Bench.Server;

/// <summary>Creates N ConfigMaps of about 1 KiB through the REST API with C requests in flight, then updates each once.</summary>
internal static class ApiServerWriteBench
{
    public const string Target = "API server";

    /// <summary>The same writes over the server's secure listener: TLS, HTTP/2 negotiated by ALPN.</summary>
    public const string SecureTarget = "API server, HTTPS h2";

    /// <summary>The writes of one target (<see cref="Target"/> or <see cref="SecureTarget"/>: namespaces apart, so both can share one server).</summary>
    public static async Task<IReadOnlyList<WriteResult>> RunAsync(IKubeClient client, int objects, int concurrency, string target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var suffix = target == Target ? string.Empty : "-tls";

        // Warm-up in its own namespace: JIT, connection pool, first-use paths of the server.
        await MeasureAsync(client, target, "bench-warmup" + suffix, Math.Clamp(objects / 10, 20, 500), concurrency, cancellationToken).ConfigureAwait(false);
        return await MeasureAsync(client, target, "bench-writes" + suffix, objects, concurrency, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<IReadOnlyList<WriteResult>> MeasureAsync(IKubeClient client, string target, string namespaceName, int objects, int concurrency, CancellationToken cancellationToken)
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
            new WriteResult(target, "create", objects, concurrency, create.Elapsed, create.Latency),
            new WriteResult(target, "update", objects, concurrency, update.Elapsed, update.Latency),
        ];
    }
}
