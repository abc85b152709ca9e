using System.Diagnostics;
using Tdcc.Mesh.ApiServer.Bench.Measurement;
using Tdcc.Mesh.ApiServer.Bench.Workload;

namespace Tdcc.Mesh.ApiServer.Bench.Etcd;

/// <summary>
/// W etcd watch streams (each its own HTTP request to the gateway) on one key prefix; one writer updates a key there
/// K times. etcd's own fan-out, for comparison: kube-apiserver itself keeps one etcd watch per resource and fans out
/// from its watch cache.
/// </summary>
internal static class EtcdFanOutBench
{
    private const string NamespaceName = "bench-watch";

    public static async Task<FanOutResult> RunAsync(EtcdGateway etcd, int watchers, int writes, TimeSpan interval, TimeSpan grace, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(etcd);
        var workload = new ConfigMapWorkload(NamespaceName);
        var key = EtcdWriteBench.Key(NamespaceName, 0);
        var revision = await etcd.CreateAsync(key, workload.Json(0, 0), cancellationToken).ConfigureAwait(false);

        var recorder = new FanOutRecorder(watchers, writes);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var prefix = $"/registry/configmaps/{NamespaceName}/";
        var loops = recorder.Watchers.Select(log => Task.Run(() => WatchAsync(etcd, prefix, log, stop.Token), CancellationToken.None)).ToArray();
        try
        {
            await recorder.WaitAllReadyAsync(loops, TimeSpan.FromMinutes(2), cancellationToken).ConfigureAwait(false);
            for (var i = 0; i < writes; i++)
            {
                var sent = Stopwatch.GetTimestamp();
                revision = await etcd.UpdateAsync(key, workload.Json(0, i + 1), revision, cancellationToken).ConfigureAwait(false);
                recorder.RecordWrite(i, revision, sent, Stopwatch.GetTimestamp());
                await Task.Delay(interval, cancellationToken).ConfigureAwait(false);
            }

            await recorder.WaitCaughtUpAsync(revision, grace, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(loops).ConfigureAwait(false);
        }

        return recorder.Summarize(EtcdWriteBench.Target);
    }

    private static async Task WatchAsync(EtcdGateway etcd, string prefix, WatcherLog log, CancellationToken cancellationToken)
    {
        try
        {
            await etcd.WatchAsync(prefix, log.Ready, log.Received, cancellationToken).ConfigureAwait(false);
            log.MarkClosed();
        }
        catch (Exception e) when (cancellationToken.IsCancellationRequested && e is OperationCanceledException or IOException or HttpRequestException)
        {
            // The benchmark ended the watch.
        }
    }
}
