using Tdcc.Mesh.ApiServer.Bench.Etcd;
using Tdcc.Mesh.Testing;

namespace Tdcc.Mesh.ApiServer.Bench.Tests.Etcd;

/// <summary>Drives a real etcd through its HTTP/JSON gateway at --quick sizes. Never asserts timings.</summary>
[Trait("Category", "Slow")]
[Trait("Peer", "etcd")]
public sealed class EtcdBenchTests
{
    [PeerFact("etcd")]
    public async Task WritesAndFanOut_QuickSizes_ProduceSaneFigures()
    {
        RequirePeer.Present("etcd");
        var options = BenchOptions.QuickSizes;
        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        await using var server = await EtcdServer.StartAsync(EtcdServer.FindExecutable()!, http, CancellationToken.None);
        var gateway = new EtcdGateway(http, server.ClientUrl);

        var writes = await EtcdWriteBench.RunAsync(gateway, options.Objects, options.Concurrency, CancellationToken.None);
        var fanOut = await EtcdFanOutBench.RunAsync(gateway, options.Watchers, options.FanOutWrites, options.FanOutInterval, options.FanOutGrace, CancellationToken.None);

        writes.Select(w => w.Operation).Should().Equal("create", "update");
        writes.Should().OnlyContain(w => w.Target == "etcd" && w.ObjectsPerSecond > 0 && w.Latency.Count == options.Objects && w.Latency.P50 > TimeSpan.Zero);
        fanOut.Delivered.Should().Be(fanOut.Expected);
        fanOut.Behind.Should().Be(0);
        fanOut.Closed.Should().Be(0);
        (await EtcdServer.VersionAsync(EtcdServer.FindExecutable()!, CancellationToken.None)).Should().StartWith("etcd 3.");
    }
}
