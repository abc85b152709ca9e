using System.Diagnostics;
using System.Globalization;
using Tdcc.Mesh.ApiServer.Bench.Measurement;
using Tdcc.Mesh.ApiServer.Bench.Workload;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Model;

namespace Tdcc.Mesh.ApiServer.Bench.Server;

/// <summary>
/// W watch streams (each its own HTTP request through <see cref="KubeClient"/>) on the ConfigMaps of one namespace;
/// one writer updates a ConfigMap there K times and every watcher's receive time is compared with the write's response.
/// </summary>
internal static class ApiServerFanOutBench
{
    private const string NamespaceName = "bench-watch";

    public static async Task<FanOutResult> RunAsync(IKubeClient client, int watchers, int writes, TimeSpan interval, TimeSpan grace, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        await BenchNamespaces.CreateAsync(client, NamespaceName, cancellationToken).ConfigureAwait(false);
        var configMaps = client.Resource<ConfigMap>();
        var workload = new ConfigMapWorkload(NamespaceName);
        var current = await configMaps.CreateAsync(workload.Create(0), null, cancellationToken).ConfigureAwait(false);

        var recorder = new FanOutRecorder(watchers, writes);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var loops = recorder.Watchers.Select(log => Task.Run(() => WatchAsync(configMaps, log, stop.Token), CancellationToken.None)).ToArray();
        try
        {
            await recorder.WaitAllReadyAsync(loops, TimeSpan.FromMinutes(2), cancellationToken).ConfigureAwait(false);
            long version = 0;
            for (var i = 0; i < writes; i++)
            {
                var sent = Stopwatch.GetTimestamp();
                current = await configMaps.UpdateAsync(workload.Update(current, i + 1), null, cancellationToken).ConfigureAwait(false);
                var responded = Stopwatch.GetTimestamp();
                version = Version(current);
                recorder.RecordWrite(i, version, sent, responded);
                await Task.Delay(interval, cancellationToken).ConfigureAwait(false);
            }

            await recorder.WaitCaughtUpAsync(version, grace, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(loops).ConfigureAwait(false);
        }

        return recorder.Summarize(ApiServerWriteBench.Target);
    }

    private static async Task WatchAsync(IResourceWatcher<ConfigMap> configMaps, WatcherLog log, CancellationToken cancellationToken)
    {
        try
        {
            // No resourceVersion: the stream starts with an ADDED event for the existing ConfigMap, which proves it is established.
            var options = new WatchOptions { Namespace = NamespaceName, AllowWatchBookmarks = false };
            await foreach (var ev in configMaps.WatchAsync(options, cancellationToken).ConfigureAwait(false))
            {
                if (ev.Type == WatchEventType.Added)
                {
                    log.Ready();
                }
                else if (ev.Type == WatchEventType.Modified && ev.Object is { } changed)
                {
                    log.Received(Version(changed));
                }
            }

            log.MarkClosed();
        }
        catch (Exception e) when (cancellationToken.IsCancellationRequested && e is OperationCanceledException or IOException or HttpRequestException)
        {
            // The benchmark ended the watch.
        }
    }

    private static long Version(ConfigMap configMap) =>
        long.Parse(configMap.Metadata.ResourceVersion ?? "0", NumberStyles.None, CultureInfo.InvariantCulture);
}
