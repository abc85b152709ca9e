using Tdcc.Mesh.ApiServer.Bench.Measurement;
using Tdcc.Mesh.ApiServer.Bench.Workload;

namespace Tdcc.Mesh.ApiServer.Bench.Etcd;

/// <summary>
/// The same N ConfigMaps (as the JSON bytes the API server benchmark sends) written as keys
/// <c>/registry/configmaps/&lt;ns&gt;/&lt;name&gt;</c> through etcd's gateway with C requests in flight: created, then updated once.
/// </summary>
internal static class EtcdWriteBench
{
    public const string Target = "etcd";

    public static async Task<IReadOnlyList<WriteResult>> RunAsync(EtcdGateway etcd, int objects, int concurrency, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(etcd);
        await MeasureAsync(etcd, "bench-warmup", Math.Clamp(objects / 10, 20, 500), concurrency, cancellationToken).ConfigureAwait(false);
        return await MeasureAsync(etcd, "bench-writes", objects, concurrency, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<IReadOnlyList<WriteResult>> MeasureAsync(EtcdGateway etcd, string namespaceName, int objects, int concurrency, CancellationToken cancellationToken)
    {
        var workload = new ConfigMapWorkload(namespaceName);
        var revisions = new long[objects];

        var create = await ConcurrentLoop.RunAsync(
            objects,
            concurrency,
            async (i, ct) => revisions[i] = await etcd.CreateAsync(Key(namespaceName, i), workload.Json(i, 0), ct).ConfigureAwait(false),
            cancellationToken).ConfigureAwait(false);

        var update = await ConcurrentLoop.RunAsync(
            objects,
            concurrency,
            async (i, ct) => revisions[i] = await etcd.UpdateAsync(Key(namespaceName, i), workload.Json(i, 1), revisions[i], ct).ConfigureAwait(false),
            cancellationToken).ConfigureAwait(false);

        return
        [
            new WriteResult(Target, "create", objects, concurrency, create.Elapsed, create.Latency),
            new WriteResult(Target, "update", objects, concurrency, update.Elapsed, update.Latency),
        ];
    }

    public static string Key(string namespaceName, int index) => $"/registry/configmaps/{namespaceName}/{ConfigMapWorkload.Name(index)}";
}
