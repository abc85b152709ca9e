using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Tdcc.Mesh.Gateway.Configuration;
using Tdcc.Mesh.Gateway.Outbound;
using Tdcc.Mesh.Gateway.Tests.Support;
using Tdcc.Mesh.MeshModel;
using Tdcc.Mesh.Testing;

namespace Tdcc.Mesh.Gateway.Tests.Outbound;

/// <summary>
/// The TrafficPolicy's circuit breaker at the sending gateway: requests in flight, requests waiting for a slot, TCP
/// connections and retries in flight per service; what is over the limit is refused at once (503 with
/// <c>x-envoy-overloaded</c>, or a closed connection). Real sockets on loopback where traffic flows.
/// </summary>
public sealed class CircuitBreakerTests
{
    private static readonly ServiceKey Echo = new("demo", "echo", 8080);

    [Fact]
    public async Task Http_MaxRequestsInFlight_NextRequestRefusedWith503Overloaded_ThenAdmittedAgain()
    {
        await using var mesh = await GatewayMesh.StartAsync("west", "east");
        await using var pod = await HttpEchoServer.StartAsync(TestAddresses.Pod(1), "east", HttpProtocols.Http1);
        var port = Serve(mesh, GatewayProtocol.Http, pod.EndPoint, new CircuitBreakerModel(MaxRequests: 2, MaxPendingRequests: 0));
        using var client = new HttpClient();
        var url = $"http://{mesh.Address("west")}:{port}";

        var slow = Enumerable.Range(0, 2).Select(_ => client.GetAsync(url + "/?delay-ms=1500")).ToList();
        await Eventually.TrueAsync(() => pod.Requests == 2);
        using var refused = await client.GetAsync(url + "/");

        refused.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        refused.Headers.GetValues("x-envoy-overloaded").Should().Equal("true");
        (await refused.Content.ReadAsStringAsync()).Should().Contain("the circuit breaker of echo.demo.svc.clusterset.local:8080 is open (requests at its limit)");
        foreach (var response in await Task.WhenAll(slow))
        {
            response.StatusCode.Should().Be(HttpStatusCode.OK);
            response.Dispose();
        }

        (await client.GetStringAsync(url + "/")).Should().StartWith("cluster=east");
        pod.Requests.Should().Be(3, "the refused request never reached the pod");
    }

    [Fact]
    public async Task Http_PendingRequestWaitsForASlot_OneMoreThanPendingIsRefused()
    {
        await using var mesh = await GatewayMesh.StartAsync("west", "east");
        await using var pod = await HttpEchoServer.StartAsync(TestAddresses.Pod(1), "east", HttpProtocols.Http1);
        var port = Serve(mesh, GatewayProtocol.Http, pod.EndPoint, new CircuitBreakerModel(MaxRequests: 1, MaxPendingRequests: 1));
        using var client = new HttpClient();
        var url = $"http://{mesh.Address("west")}:{port}";

        var first = client.GetAsync(url + "/?delay-ms=1000");
        await Eventually.TrueAsync(() => pod.Requests == 1);
        var waiting = client.GetAsync(url + "/");
        await Task.Delay(200);
        pod.Requests.Should().Be(1, "the second request waits for the first one's slot");
        using var refused = await client.GetAsync(url + "/");

        refused.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        (await refused.Content.ReadAsStringAsync()).Should().Contain("(pending at its limit)");
        using var firstAnswer = await first;
        using var waitedAnswer = await waiting;
        firstAnswer.StatusCode.Should().Be(HttpStatusCode.OK);
        waitedAnswer.StatusCode.Should().Be(HttpStatusCode.OK);
        pod.Requests.Should().Be(2);
    }

    [Fact]
    public async Task Tcp_MaxConnections_NextConnectionClosedAtOnce_ThenAdmittedAgain()
    {
        await using var mesh = await GatewayMesh.StartAsync("west", "east");
        await using var pod = new TcpEchoServer(TestAddresses.Pod(1), "east");
        var port = Serve(mesh, GatewayProtocol.Tcp, pod.EndPoint, new CircuitBreakerModel(MaxConnections: 1));

        using (var first = await ConnectAsync(mesh.Address("west"), port))
        {
            (await ReadLineAsync(first)).Should().Be("east");
            using var second = await ConnectAsync(mesh.Address("west"), port);
            (await ReadLineAsync(second)).Should().BeNull("the second connection is over the limit and closed");
        }

        await Eventually.TrueAsync(async () =>
        {
            using var again = await ConnectAsync(mesh.Address("west"), port);
            return await ReadLineAsync(again) == "east";
        });
    }

    [Fact]
    public async Task Breaker_WaitLongerThanTheTimeout_RefusedAsPending_AndAReleaseHandsTheSlotOn()
    {
        var breakers = new CircuitBreakers();
        var limits = new CircuitBreakerModel(MaxRequests: 1, MaxPendingRequests: 5);
        var (holder, _) = await breakers.EnterRequestAsync(Echo, limits, TimeSpan.FromSeconds(1), CancellationToken.None);
        holder.Should().NotBeNull();

        var (late, refused) = await breakers.EnterRequestAsync(Echo, limits, TimeSpan.FromMilliseconds(50), CancellationToken.None);
        late.Should().BeNull();
        refused.Should().Be(CircuitBreakers.Limit.Pending);
        breakers.InFlight(Echo).Pending.Should().Be(0, "a waiter that gave up leaves the queue");

        var waiting = breakers.EnterRequestAsync(Echo, limits, TimeSpan.FromSeconds(10), CancellationToken.None).AsTask();
        await Eventually.TrueAsync(() => breakers.InFlight(Echo).Pending == 1);
        holder!.Dispose();
        var (handedOn, _) = await waiting;
        handedOn.Should().NotBeNull();
        breakers.InFlight(Echo).Requests.Should().Be(1);
        handedOn!.Dispose();
        breakers.InFlight(Echo).Requests.Should().Be(0);
        breakers.EnterRetry(Echo, new CircuitBreakerModel(MaxRetries: 0)).Should().BeNull();
    }

    [Fact]
    public void Retries_WithoutMaxRetries_NotLimited_WithMaxRetries_LimitedWhileInFlight()
    {
        var breakers = new CircuitBreakers();
        var unlimited = Enumerable.Range(0, 100).Select(_ => breakers.EnterRetry(Echo, null)).ToList();
        unlimited.Should().AllSatisfy(r => r.Should().NotBeNull(), "without maxRetries a mass failover is never refused");
        var limits = new CircuitBreakerModel(MaxRetries: 2);
        var first = breakers.EnterRetry(Echo, limits);
        var second = breakers.EnterRetry(Echo, limits);
        breakers.EnterRetry(Echo, limits).Should().BeNull();
        first!.Dispose();
        breakers.EnterRetry(Echo, limits).Should().NotBeNull("a finished retry frees its place");
        second!.Dispose();
    }

    private static int Serve(GatewayMesh mesh, GatewayProtocol protocol, IPEndPoint pod, CircuitBreakerModel breaker)
    {
        var port = TestAddresses.FreePort(mesh.Address("west"));
        mesh.Configure("east", [], [new InboundPort(Echo, protocol, [new EndpointAddress(pod.Address.ToString(), pod.Port)])]);
        mesh.Configure("west", [new OutboundPort(Echo, port, protocol, [new BackendCluster("east", 1, 0, 1, [])], new TrafficPolicyModel(CircuitBreaker: breaker))], []);
        return port;
    }

    private static async Task<TcpClient> ConnectAsync(IPAddress address, int port)
    {
        var client = new TcpClient();
        await client.ConnectAsync(address, port);
        return client;
    }

    private static async Task<string?> ReadLineAsync(TcpClient client)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var reader = new StreamReader(client.GetStream(), leaveOpen: true);
        try
        {
            return await reader.ReadLineAsync(timeout.Token);
        }
        catch (IOException)
        {
            return null;
        }
    }
}
