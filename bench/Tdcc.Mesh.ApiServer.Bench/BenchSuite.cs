using Tdcc.Mesh.ApiServer.Bench.Etcd;
using Tdcc.Mesh.ApiServer.Bench.Measurement;
using Tdcc.Mesh.ApiServer.Bench.Report;
using Tdcc.Mesh.ApiServer.Bench.Server;
using Tdcc.Mesh.ApiServer.Bench.Workload;
using Tdcc.Mesh.Bench.Reporting;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Config;

namespace Tdcc.Mesh.ApiServer.Bench;

/// <summary>Runs every measurement in order (memory first, on a quiet heap) and collects the report.</summary>
internal static class BenchSuite
{
    public static async Task<BenchReport> RunAsync(BenchOptions options, TextWriter progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(progress);
        var machine = MachineInfo.Current();
        var started = DateTimeOffset.UtcNow;

        await progress.WriteLineAsync($"memory: storing {options.MemoryObjects:N0} small ConfigMaps").ConfigureAwait(false);
        var memory = await ApiServerMemoryBench.RunAsync(options.MemoryObjects, cancellationToken).ConfigureAwait(false);

        var writes = new List<WriteResult>();
        var fanOut = new List<FanOutResult>();
        await progress.WriteLineAsync($"API server: {options.Objects:N0} creates and updates, concurrency {options.Concurrency}").ConfigureAwait(false);
        var writeData = Directory.CreateTempSubdirectory("tdcc-bench-apiserver-");
        try
        {
            var writeServer = await StartServerAsync(options.MemoryStore ? null : writeData.FullName, cancellationToken, secure: true).ConfigureAwait(false);
            await using (writeServer.ConfigureAwait(false))
            {
                using (var client = new KubeClient(KubeClientOptions.ForServer(writeServer.BaseAddress)))
                {
                    writes.AddRange(await ApiServerWriteBench.RunAsync(client, options.Objects, options.Concurrency, ApiServerWriteBench.Target, cancellationToken).ConfigureAwait(false));
                }

                // The same workload on the same server over its secure listener: TLS with HTTP/2 (ALPN), one connection.
                await progress.WriteLineAsync($"API server over HTTPS/HTTP/2: {options.Objects:N0} creates and updates, concurrency {options.Concurrency}").ConfigureAwait(false);
                using var secure = new KubeClient(new KubeClientOptions { Server = writeServer.SecureBaseAddress!, CertificateAuthorityPem = writeServer.CertificateAuthorityPem, EnableHttp2 = true });
                writes.AddRange(await ApiServerWriteBench.RunAsync(secure, options.Objects, options.Concurrency, ApiServerWriteBench.SecureTarget, cancellationToken).ConfigureAwait(false));
            }
        }
        finally
        {
            writeData.Delete(recursive: true);
        }

        if (options.WritesOnly)
        {
            return await EtcdWritesAsync(options, progress, machine, started, memory, writes, cancellationToken).ConfigureAwait(false);
        }

        await progress.WriteLineAsync($"API server: {options.Watchers:N0} watchers, {options.FanOutWrites:N0} writes").ConfigureAwait(false);
        var watchData = Directory.CreateTempSubdirectory("tdcc-bench-apiserver-");
        try
        {
            var watchServer = await StartServerAsync(options.MemoryStore ? null : watchData.FullName, cancellationToken).ConfigureAwait(false);
            await using (watchServer.ConfigureAwait(false))
            {
                using var client = new KubeClient(KubeClientOptions.ForServer(watchServer.BaseAddress));
                fanOut.Add(await ApiServerFanOutBench.RunAsync(client, options.Watchers, options.FanOutWrites, options.FanOutInterval, options.FanOutGrace, cancellationToken).ConfigureAwait(false));
            }
        }
        finally
        {
            watchData.Delete(recursive: true);
        }

        string? etcdVersion = null;
        string? etcdMissing = null;
        var etcd = EtcdServer.FindExecutable();
        if (!options.Etcd)
        {
            etcdMissing = "skipped (--no-etcd).";
        }
        else if (etcd is null)
        {
            etcdMissing = "the `etcd` binary is not installed (Debian package etcd-server; `make deps` installs it).";
        }
        else
        {
            etcdVersion = await EtcdServer.VersionAsync(etcd, cancellationToken).ConfigureAwait(false);
            await progress.WriteLineAsync($"{etcdVersion}: same writes and fan-out").ConfigureAwait(false);
            using var http = new HttpClient(new SocketsHttpHandler { PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5) }) { Timeout = Timeout.InfiniteTimeSpan };
            var server = await EtcdServer.StartAsync(etcd, http, cancellationToken).ConfigureAwait(false);
            await using (server.ConfigureAwait(false))
            {
                var gateway = new EtcdGateway(http, server.ClientUrl);
                writes.AddRange(await EtcdWriteBench.RunAsync(gateway, options.Objects, options.Concurrency, cancellationToken).ConfigureAwait(false));
                await progress.WriteLineAsync($"{etcdVersion}: {options.Watchers:N0} watchers, {options.FanOutWrites:N0} writes").ConfigureAwait(false);
                fanOut.Add(await EtcdFanOutBench.RunAsync(gateway, options.Watchers, options.FanOutWrites, options.FanOutInterval, options.FanOutGrace, cancellationToken).ConfigureAwait(false));
            }
        }

        var objectBytes = new ConfigMapWorkload("bench-writes").Bytes;
        return new BenchReport(options, machine, started, objectBytes, writes, fanOut, memory, etcdVersion, etcdMissing);
    }

    /// <summary>The writes against etcd only (<c>--writes-only</c>): no fan-out.</summary>
    private static async Task<BenchReport> EtcdWritesAsync(BenchOptions options, TextWriter progress, MachineInfo machine, DateTimeOffset started, MemoryResult memory, List<WriteResult> writes, CancellationToken cancellationToken)
    {
        string? etcdVersion = null;
        string? etcdMissing = null;
        var etcd = EtcdServer.FindExecutable();
        if (!options.Etcd || etcd is null)
        {
            etcdMissing = options.Etcd ? "the `etcd` binary is not installed (Debian package etcd-server; `make deps` installs it)." : "skipped (--no-etcd).";
        }
        else
        {
            etcdVersion = await EtcdServer.VersionAsync(etcd, cancellationToken).ConfigureAwait(false);
            await progress.WriteLineAsync($"{etcdVersion}: same writes").ConfigureAwait(false);
            using var http = new HttpClient(new SocketsHttpHandler { PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5) }) { Timeout = Timeout.InfiniteTimeSpan };
            var server = await EtcdServer.StartAsync(etcd, http, cancellationToken).ConfigureAwait(false);
            await using (server.ConfigureAwait(false))
            {
                writes.AddRange(await EtcdWriteBench.RunAsync(new EtcdGateway(http, server.ClientUrl), options.Objects, options.Concurrency, cancellationToken).ConfigureAwait(false));
            }
        }

        return new BenchReport(options, machine, started, new ConfigMapWorkload("bench-writes").Bytes, writes, [], memory, etcdVersion, etcdMissing);
    }

    /// <summary>A server persisting to <paramref name="dataDirectory"/> on the local disk (every write fsynced before its response, as etcd commits), or memory only when null.</summary>
    private static Task<KubeApiServer> StartServerAsync(string? dataDirectory, CancellationToken cancellationToken, bool secure = false) =>
        KubeApiServer.StartAsync(new KubeApiServerOptions { ClusterName = "bench", DataDirectory = dataDirectory, SecurePort = secure ? 0 : null }, cancellationToken: cancellationToken);
}
