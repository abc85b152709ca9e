using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Tdcc.Mesh.Gateway.Configuration;
using Tdcc.Mesh.Gateway.Tests.Support;

namespace Tdcc.Mesh.Gateway.Tests.Outbound;

/// <summary>
/// A client of west talks to west's gateway's outbound port; the request or connection goes through the mTLS tunnel
/// to east's gateway, which delivers to east's pod. Real sockets on loopback.
/// </summary>
public sealed class ThroughTunnelTests
{
    private static readonly ServiceKey Echo = new("demo", "echo", 8080);

    [Fact]
    public async Task Http11_WestClientToEastService_AnsweredByEastThroughBothGateways()
    {
        await using var mesh = await GatewayMesh.StartAsync("west", "east");
        await using var pod = await HttpEchoServer.StartAsync(TestAddresses.Pod(1), "east", HttpProtocols.Http1);
        var port = ServeFromEast(mesh, GatewayProtocol.Http, pod.EndPoint);

        using var client = new HttpClient();
        var answer = await client.GetStringAsync($"http://{mesh.Address("west")}:{port}/hello");

        answer.Should().StartWith("cluster=east;source=west;host=echo.demo.svc.clusterset.local:8080;protocol=HTTP/1.1");
        mesh["west"].Status.Destinations.Should().ContainSingle(d => d.Service == Echo.Authority && d.Requests == 1 && d.Errors == 0);
        mesh["west"].Status.Peers.Should().ContainSingle(p => p.Cluster == "east" && p.State == Status.TunnelState.Connected);
    }

    [Fact]
    public async Task Http11_PostWithBody_BodyArrives()
    {
        await using var mesh = await GatewayMesh.StartAsync("west", "east");
        await using var pod = await HttpEchoServer.StartAsync(TestAddresses.Pod(1), "east", HttpProtocols.Http1);
        var port = ServeFromEast(mesh, GatewayProtocol.Http, pod.EndPoint);

        using var client = new HttpClient();
        using var response = await client.PostAsync($"http://{mesh.Address("west")}:{port}/", new StringContent("payload"));

        (await response.Content.ReadAsStringAsync()).Should().EndWith("body=payload");
    }

    [Fact]
    public async Task H2c_WestClientToEastService_AnsweredOverHttp2()
    {
        await using var mesh = await GatewayMesh.StartAsync("west", "east");
        await using var pod = await HttpEchoServer.StartAsync(TestAddresses.Pod(1), "east", HttpProtocols.Http2);
        var port = ServeFromEast(mesh, GatewayProtocol.Http2, pod.EndPoint);

        using var client = new HttpClient { DefaultRequestVersion = HttpVersion.Version20, DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact };
        var answer = await client.GetStringAsync($"http://{mesh.Address("west")}:{port}/");

        answer.Should().StartWith("cluster=east;source=west;host=echo.demo.svc.clusterset.local:8080;protocol=HTTP/2");
    }

    [Fact]
    public async Task WebSocket_WestClientToEastService_MessagesEchoed()
    {
        await using var mesh = await GatewayMesh.StartAsync("west", "east");
        await using var pod = await HttpEchoServer.StartAsync(TestAddresses.Pod(1), "east", HttpProtocols.Http1);
        var port = ServeFromEast(mesh, GatewayProtocol.Http, pod.EndPoint);

        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(new Uri($"ws://{mesh.Address("west")}:{port}/ws"), CancellationToken.None);
        await socket.SendAsync("ping"u8.ToArray(), WebSocketMessageType.Text, true, CancellationToken.None);
        var buffer = new byte[1024];
        var received = await socket.ReceiveAsync(buffer, CancellationToken.None);
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);

        System.Text.Encoding.UTF8.GetString(buffer, 0, received.Count).Should().Be("east:ping");
    }

    [Fact]
    public async Task Tcp_WestClientToEastService_BytesEchoedThroughConnectStream()
    {
        await using var mesh = await GatewayMesh.StartAsync("west", "east");
        await using var pod = new TcpEchoServer(TestAddresses.Pod(1), "east");
        var port = ServeFromEast(mesh, GatewayProtocol.Tcp, pod.EndPoint);

        using var client = new TcpClient();
        await client.ConnectAsync(mesh.Address("west"), port);
        var stream = client.GetStream();
        using var reader = new StreamReader(stream);
        (await reader.ReadLineAsync()).Should().Be("east");
        await stream.WriteAsync("hello tunnel\n"u8.ToArray());
        (await reader.ReadLineAsync()).Should().Be("hello tunnel");
    }

    [Fact]
    public async Task Tcp_BurstsAroundTheRelayBufferSizesAfterIdlePauses_EchoedExactly()
    {
        // The relay waits idle without a large buffer and moves to a large one while busy (StreamRelay): bursts just
        // below, at and above both buffer sizes, after pauses, must come back byte for byte and in order.
        await using var mesh = await GatewayMesh.StartAsync("west", "east");
        await using var pod = new TcpEchoServer(TestAddresses.Pod(1), "east");
        var port = ServeFromEast(mesh, GatewayProtocol.Tcp, pod.EndPoint);
        using var client = new TcpClient();
        await client.ConnectAsync(mesh.Address("west"), port);
        var stream = client.GetStream();
        var greeting = new byte["east\n".Length];
        await stream.ReadExactlyAsync(greeting);
        var random = new Random(42);
        foreach (var size in (int[])[1, 4095, 4096, 4097, 65535, 65536, 65537, 300_000])
        {
            await Task.Delay(50);
            var burst = new byte[size];
            random.NextBytes(burst);
            var write = stream.WriteAsync(burst).AsTask();
            var echoed = new byte[size];
            await stream.ReadExactlyAsync(echoed).AsTask().WaitAsync(TimeSpan.FromSeconds(30));
            await write;
            echoed.Should().Equal(burst, $"a burst of {size} bytes comes back as sent");
        }
    }

    [Fact]
    public async Task Http11_ClientForgesSourceCluster_PodSeesTrueSource()
    {
        await using var mesh = await GatewayMesh.StartAsync("west", "east");
        await using var pod = await HttpEchoServer.StartAsync(TestAddresses.Pod(1), "east", HttpProtocols.Http1);
        var port = ServeFromEast(mesh, GatewayProtocol.Http, pod.EndPoint);

        using var client = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"http://{mesh.Address("west")}:{port}/");
        request.Headers.Add("x-tdcc-source-cluster", "north");
        using var response = await client.SendAsync(request);

        (await response.Content.ReadAsStringAsync()).Should().Contain(";source=west;");
    }

    internal static int ServeFromEast(GatewayMesh mesh, GatewayProtocol protocol, IPEndPoint pod)
    {
        var port = TestAddresses.FreePort(mesh.Address("west"));
        mesh.Configure("east", [], [new InboundPort(Echo, protocol, [new EndpointAddress(pod.Address.ToString(), pod.Port)])]);
        mesh.Configure("west", [new OutboundPort(Echo, port, protocol, [new BackendCluster("east", 1, 0, 1, [])])], []);
        return port;
    }
}
