using System.Diagnostics;
using System.Text.Json.Nodes;
using Tdcc.Mesh.ApiServer.Bench.Measurement;
using Tdcc.Mesh.ApiServer.Bench.Workload;

namespace Tdcc.Mesh.ApiServer.Bench.Server;

/// <summary>
/// Managed heap and working set before and after storing N small ConfigMaps. Objects go straight into the store
/// (<see cref="IApiStore"/>, same create semantics as REST) because that is many times faster than HTTP and the
/// memory held is the same.
/// </summary>
internal static class ApiServerMemoryBench
{
    private const string NamespaceName = "bench-memory";

    public static async Task<MemoryResult> RunAsync(int objects, CancellationToken cancellationToken)
    {
        var server = KubeApiServer.CreateUnhosted(new KubeApiServerOptions { ClusterName = "bench-memory" }, new Uri("http://127.0.0.1:1/"));
        await using (server.ConfigureAwait(false))
        {
            var store = server.Store;
            store.CreateObject("v1", "namespaces", new JsonObject { ["metadata"] = new JsonObject { ["name"] = NamespaceName } });
            var objectBytes = ConfigMapWorkload.Small(NamespaceName, 0).ToJsonString().Length;

            // Warm the create path (JIT) outside the measurement.
            store.CreateObject("v1", "configmaps", ConfigMapWorkload.Small(NamespaceName, objects));

            var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
            var workingSetBefore = Environment.WorkingSet;
            var started = Stopwatch.GetTimestamp();
            for (var i = 0; i < objects; i++)
            {
                if (i % 1024 == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }

                store.CreateObject("v1", "configmaps", ConfigMapWorkload.Small(NamespaceName, i));
            }

            var elapsed = Stopwatch.GetElapsedTime(started);
            var heapAfter = GC.GetTotalMemory(forceFullCollection: true);
            var workingSetAfter = Environment.WorkingSet;
            var storedBytes = store.GetObject("v1", "configmaps", NamespaceName, ConfigMapWorkload.Name(0))?.ToJsonString().Length ?? 0;
            return new MemoryResult(objects, objectBytes, storedBytes, heapBefore, heapAfter, workingSetBefore, workingSetAfter, elapsed);
        }
    }
}
