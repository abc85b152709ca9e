using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Tdcc.Mesh.Gateway.Configuration;
using Tdcc.Mesh.Gateway.Tests.Support;

namespace Tdcc.Mesh.Gateway.Tests.Outbound;

/// <summary>The sending gateway's choice of backend cluster: weights, failover without failed requests, listeners following the configuration.</summary>
public sealed class BackendChoiceTests
{
    private static readonly ServiceKey Echo = new("demo", "echo", 8080);

    [Fact]
    public async Task Http11_ServiceInTwoClusters_BothAnswer()
    {
        await using var mesh = await GatewayMesh.StartAsync("west", "east", "north");
        await using var east = await HttpEchoServer.StartAsync(TestAddresses.Pod(1), "east", HttpProtocols.Http1);
        await using var north = await HttpEchoServer.StartAsync(TestAddresses.Pod(2), "north", HttpProtocols.Http1);
        var port = ServeFromBoth(mesh, east.EndPoint, north.EndPoint);

        using var client = new HttpClient();
        var answers = new HashSet<string>();
        for (var i = 0; i < 40; i++)
        {
            var answer = await client.GetStringAsync($"http://{mesh.Address("west")}:{port}/");
            answers.Add(answer.Split(';')[0]);
        }

        answers.Should().BeEquivalentTo("cluster=east", "cluster=north");
    }

    [Fact]
    [Trait("Category", "Slow")]
    public async Task Http11_EastPodStopsDuringStream_NoFailedRequestAndNorthServes()
    {
        await using var mesh = await GatewayMesh.StartAsync("west", "east", "north");
        var eastPod = await HttpEchoServer.StartAsync(TestAddresses.Pod(1), "east", HttpProtocols.Http1);
        await using var north = await HttpEchoServer.StartAsync(TestAddresses.Pod(2), "north", HttpProtocols.Http1);
        var port = ServeFromBoth(mesh, eastPod.EndPoint, north.EndPoint);

        var (failures, after) = await StreamWhileAsync(mesh, port, () => eastPod.DisposeAsync().AsTask());

        failures.Should().BeEmpty();
        after.Should().OnlyContain(a => a == "cluster=north");
    }

    [Fact]
    [Trait("Category", "Slow")]
    public async Task Http11_EastGatewayStopsDuringStream_NoFailedRequestAndNorthServes()
    {
        await using var mesh = await GatewayMesh.StartAsync("west", "east", "north");
        await using var eastPod = await HttpEchoServer.StartAsync(TestAddresses.Pod(1), "east", HttpProtocols.Http1);
        await using var north = await HttpEchoServer.StartAsync(TestAddresses.Pod(2), "north", HttpProtocols.Http1);
        var port = ServeFromBoth(mesh, eastPod.EndPoint, north.EndPoint);

        var (failures, after) = await StreamWhileAsync(mesh, port, () => mesh["east"].StopAsync(CancellationToken.None));

        failures.Should().BeEmpty();
        after.Should().OnlyContain(a => a == "cluster=north");
    }

    [Fact]
    [Trait("Category", "Slow")]
    public async Task Http11_EastTunnelGoesSilentDuringStream_NoFailedRequestAndNorthServes()
    {
        await using var mesh = await GatewayMesh.StartAsync("west", "east", "north");
        await using var eastPod = await HttpEchoServer.StartAsync(TestAddresses.Pod(1), "east", HttpProtocols.Http1);
        await using var north = await HttpEchoServer.StartAsync(TestAddresses.Pod(2), "north", HttpProtocols.Http1);
        await using var link = FreezableRelay.Start(mesh.Address("west"), mesh["east"].TunnelEndPoint);
        var port = ServeFromBoth(mesh, eastPod.EndPoint, north.EndPoint);
        var peers = mesh.PeersOf("west").Select(p => p.Cluster == "east" ? p with { Address = link.EndPoint.Address.ToString(), Port = link.EndPoint.Port } : p).ToImmutableArray();
        mesh.Configure("west", [new OutboundPort(Echo, port, GatewayProtocol.Http, [new BackendCluster("east", 1, 0, 1, []), new BackendCluster("north", 1, 0, 1, [])])], [], peers);

        // A silent link neither refuses nor resets: west's probes find east down and move the waiting requests to north.
        var (failures, after) = await StreamWhileAsync(mesh, port, () => { link.Freeze(); return Task.CompletedTask; });

        failures.Should().BeEmpty();
        after.Should().OnlyContain(a => a == "cluster=north");
        mesh["west"].Status.Peers.Single(p => p.Cluster == "east").Down.Should().BeTrue();
    }

    [Fact]
    public async Task Tcp_EastPodGone_ConnectionGoesToNorth()
    {
        await using var mesh = await GatewayMesh.StartAsync("west", "east", "north");
        await using var north = new TcpEchoServer(TestAddresses.Pod(2), "north");
        var gone = new IPEndPoint(TestAddresses.Pod(1), TestAddresses.FreePort(TestAddresses.Pod(1)));
        var port = TestAddresses.FreePort(mesh.Address("west"));
        mesh.Configure("east", [], [new InboundPort(Echo, GatewayProtocol.Tcp, [new EndpointAddress(gone.Address.ToString(), gone.Port)])]);
        mesh.Configure("north", [], [new InboundPort(Echo, GatewayProtocol.Tcp, [new EndpointAddress(north.EndPoint.Address.ToString(), north.EndPoint.Port)])]);
        mesh.Configure("west", [new OutboundPort(Echo, port, GatewayProtocol.Tcp, [new BackendCluster("east", 1, 0, 1, []), new BackendCluster("north", 1, 1, 1, [])])], []);

        for (var i = 0; i < 5; i++)
        {
            using var client = new System.Net.Sockets.TcpClient();
            await client.ConnectAsync(mesh.Address("west"), port);
            using var reader = new StreamReader(client.GetStream());
            (await reader.ReadLineAsync()).Should().Be("north");
        }
    }

    [Fact]
    public async Task Listeners_ConfigurationAddsAndRemovesPort_FollowedLive()
    {
        await using var mesh = await GatewayMesh.StartAsync("west", "east");
        await using var pod = await HttpEchoServer.StartAsync(TestAddresses.Pod(1), "east", HttpProtocols.Http1);
        var first = ThroughTunnelTests.ServeFromEast(mesh, GatewayProtocol.Http, pod.EndPoint);
        var second = TestAddresses.FreePort(mesh.Address("west"));
        var other = new ServiceKey("demo", "other", 9090);
        mesh.Configure("east", [], [
            new InboundPort(Echo, GatewayProtocol.Http, [new EndpointAddress(pod.EndPoint.Address.ToString(), pod.EndPoint.Port)]),
            new InboundPort(other, GatewayProtocol.Http, [new EndpointAddress(pod.EndPoint.Address.ToString(), pod.EndPoint.Port)])]);
        mesh.Configure("west", [
            new OutboundPort(Echo, first, GatewayProtocol.Http, [new BackendCluster("east", 1, 0, 1, [])]),
            new OutboundPort(other, second, GatewayProtocol.Http, [new BackendCluster("east", 1, 0, 1, [])])], []);
        using var client = new HttpClient();

        var added = await Testing.Eventually.ValueAsync(async () => await TryGetAsync(client, $"http://{mesh.Address("west")}:{second}/"));
        added.Should().Contain("host=other.demo.svc.clusterset.local:9090");
        mesh["west"].Status.Listeners.Select(l => l.Port).Should().BeEquivalentTo([first, second]);

        mesh.Configure("west", [new OutboundPort(other, second, GatewayProtocol.Http, [new BackendCluster("east", 1, 0, 1, [])])], []);
        await Testing.Eventually.TrueAsync(async () => await TryGetAsync(client, $"http://{mesh.Address("west")}:{first}/") is null);
        (await client.GetStringAsync($"http://{mesh.Address("west")}:{second}/")).Should().Contain("host=other.demo");
    }

    private static async Task<string?> TryGetAsync(HttpClient client, string url)
    {
        try
        {
            return await client.GetStringAsync(url);
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    private static int ServeFromBoth(GatewayMesh mesh, IPEndPoint east, IPEndPoint north)
    {
        var port = TestAddresses.FreePort(mesh.Address("west"));
        mesh.Configure("east", [], [new InboundPort(Echo, GatewayProtocol.Http, [new EndpointAddress(east.Address.ToString(), east.Port)])]);
        mesh.Configure("north", [], [new InboundPort(Echo, GatewayProtocol.Http, [new EndpointAddress(north.Address.ToString(), north.Port)])]);
        mesh.Configure("west", [new OutboundPort(Echo, port, GatewayProtocol.Http, [new BackendCluster("east", 1, 0, 1, []), new BackendCluster("north", 1, 0, 1, [])])], []);
        return port;
    }

    /// <summary>Four clients GET in a loop; after 1 s <paramref name="fault"/> runs; 2 s later the answers are collected for 1 s more.</summary>
    private static async Task<(List<string> Failures, List<string> After)> StreamWhileAsync(GatewayMesh mesh, int port, Func<Task> fault)
    {
        var failures = new ConcurrentBag<string>();
        var after = new ConcurrentBag<string>();
        var faulted = 0L;
        using var stop = new CancellationTokenSource();
        using var client = new HttpClient();
        var url = $"http://{mesh.Address("west")}:{port}/";
        var workers = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    using var response = await client.GetAsync(url);
                    var body = await response.Content.ReadAsStringAsync();
                    if (!response.IsSuccessStatusCode)
                    {
                        failures.Add($"{(int)response.StatusCode} {body}");
                    }
                    else if (Interlocked.Read(ref faulted) is > 0 and var at && Environment.TickCount64 > at + 2000)
                    {
                        after.Add(body.Split(';')[0]);
                    }
                }
                catch (HttpRequestException e)
                {
                    failures.Add(e.Message);
                }
            }
        })).ToList();

        await Task.Delay(1000);
        await fault();
        Interlocked.Exchange(ref faulted, Environment.TickCount64);
        await Task.Delay(3000);
        await stop.CancelAsync();
        await Task.WhenAll(workers);
        after.Should().NotBeEmpty();
        return ([.. failures], [.. after]);
    }
}
