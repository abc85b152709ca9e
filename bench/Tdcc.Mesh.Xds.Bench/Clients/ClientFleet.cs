using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Envoy.Config.Core.V3;
using Tdcc.Mesh.Grpc.Client;
using Tdcc.Mesh.Xds.Bench.Workload;

namespace Tdcc.Mesh.Xds.Bench.Clients;

/// <summary>
/// The client process (<c>client</c> mode): N ADS streams spread over HTTP/2 connections of
/// <see cref="StreamsPerConnection"/> streams each (one <see cref="GrpcChannel"/> per connection), nodes split
/// round-robin over the clusters east, west and edge. Writes <c>READY</c> once every stream has sent its first
/// request, answers <c>cpu</c> on its standard input with <c>CPU</c> and its CPU seconds so far, runs until its
/// standard input says <c>stop</c> (or closes), then writes <c>SUMMARY</c> and a JSON line.
/// </summary>
internal static class ClientFleet
{
    public const string ReadyLine = "READY";
    public const string SummaryLine = "SUMMARY ";
    public const string StopLine = "stop";
    public const string CpuQueryLine = "cpu";
    public const string CpuLine = "CPU ";
    public const int StreamsPerConnection = 100;

    public static async Task<int> RunAsync(Uri address, int streams, AdsProtocol protocol, TextReader input, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        var counters = new ClientCounters();
        var names = new EdsNameCache();
        var connections = (streams + StreamsPerConnection - 1) / StreamsPerConnection;
        var channels = Enumerable.Range(0, connections)
            .Select(_ => GrpcChannel.ForAddress(address, new GrpcChannelOptions { MaxReceiveMessageSize = 64 * 1024 * 1024 }))
            .ToList();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            var opened = new List<Task>(streams);
            var running = new List<Task>(streams);
            for (var i = 0; i < streams; i++)
            {
                var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                var channel = channels[i / StreamsPerConnection];
                IAdsClientStream stream = protocol == AdsProtocol.Delta
                    ? new DeltaAdsClientStream(channel, NodeFor(i), names, counters)
                    : new SotwAdsClientStream(channel, NodeFor(i), names, counters);
                running.Add(stream.RunAsync(ready, stop.Token));
                opened.Add(ready.Task);
            }

            await Task.WhenAll(opened).ConfigureAwait(false);
            await output.WriteLineAsync($"{ReadyLine} {counters.Opened} {counters.Failed}").ConfigureAwait(false);
            await output.FlushAsync(cancellationToken).ConfigureAwait(false);

            while (await input.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line && line.Trim() != StopLine)
            {
                if (line.Trim() == CpuQueryLine)
                {
                    using var self = Process.GetCurrentProcess();
                    await output.WriteLineAsync(CpuLine + self.TotalProcessorTime.TotalSeconds.ToString("R", CultureInfo.InvariantCulture)).ConfigureAwait(false);
                    await output.FlushAsync(cancellationToken).ConfigureAwait(false);
                }
            }

            await stop.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(running).ConfigureAwait(false);
        }
        finally
        {
            foreach (var channel in channels)
            {
                channel.Dispose();
            }
        }

        using var process = Process.GetCurrentProcess();
        var summary = new ClientSummary(streams, connections, counters.Opened, counters.Failed, counters.Responses, counters.Acks,
            process.TotalProcessorTime.TotalSeconds, process.PeakWorkingSet64, counters.FirstError);
        await output.WriteLineAsync(SummaryLine + JsonSerializer.Serialize(summary, BenchJsonContext.Default.ClientSummary)).ConfigureAwait(false);
        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        return 0;
    }

    private static Node NodeFor(int index)
    {
        var cluster = SyntheticClusterSet.Clusters[index % SyntheticClusterSet.Clusters.Count];
        return new Node
        {
            Id = string.Create(CultureInfo.InvariantCulture, $"sidecar-{cluster}-{index}"),
            Cluster = cluster,
            Locality = new Locality { Region = cluster, Zone = cluster + "-a" },
            UserAgentName = "tdcc-xds-bench",
        };
    }
}
