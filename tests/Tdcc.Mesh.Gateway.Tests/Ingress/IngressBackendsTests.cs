using System.Net;
using Tdcc.Mesh.Gateway.Configuration;
using Tdcc.Mesh.Gateway.Tests.Support;
using Tdcc.Mesh.MeshModel.Ingress;
using static Tdcc.Mesh.Gateway.Tests.Ingress.IngressRig;

namespace Tdcc.Mesh.Gateway.Tests.Ingress;

/// <summary>
/// ServiceImport backends of the ingress: east's ingress sends them down the east-west outbound path (west's pod
/// through the tunnel, with failover across clusters), alone or weighted with a local Service; and the listener set
/// follows configuration changes live. Real sockets on loopback.
/// </summary>
public sealed class IngressBackendsTests : IAsyncLifetime
{
    private IngressRig _rig = null!;

    public async Task InitializeAsync() => _rig = await IngressRig.StartAsync();

    public async Task DisposeAsync() => await _rig.DisposeAsync();

    [Fact]
    public async Task ServiceImportBackend_AnsweredByThePeerClusterThroughTheTunnel()
    {
        _rig.Apply(_rig.Listener([Rule(null, Import())]));

        var answer = await _rig.GetAsync("/through?x=1", "example.com", ("x-tdcc-source-cluster", "forged"));

        answer.Status.Should().Be(HttpStatusCode.OK);
        answer.Server.Should().Be("remote");
        answer.Echoed!.Path.Should().Be("/through");
        answer.Echoed.Headers["x-tdcc-source-cluster"].Should().Be("east", "the ingress's own cluster is attested, a client's header is not believed");
        answer.Echoed.Host.Should().Be(RemoteService.Authority, "the tunnel's :authority names the clusterset service");
    }

    [Fact]
    public async Task HTTPRouteWeight_ServiceAndServiceImport_BothAnswerInProportion()
    {
        _rig.Apply(_rig.Listener([Rule(null, Service(_rig.A, 1), Import(3))]));

        const int Requests = 400;
        var counts = new Dictionary<string, int>();
        for (var i = 0; i < Requests; i++)
        {
            var answer = await _rig.GetAsync("/");
            answer.Status.Should().Be(HttpStatusCode.OK);
            counts[answer.Server!] = counts.GetValueOrDefault(answer.Server!) + 1;
        }

        // 1:3 of 400 = 100/300 (sd ≈ 8.7): within ±40.
        counts.GetValueOrDefault("a").Should().BeInRange(60, 140);
        counts.GetValueOrDefault("remote").Should().BeInRange(260, 340);
    }

    [Fact]
    public async Task ServiceImportBackend_OwnClustersPodRefuses_FailsOverToThePeer()
    {
        // east also serves the clusterset service itself (priority 0), but its only pod refuses connections.
        var dead = TestAddresses.FreePort(TestAddresses.Pod(0));
        var importPort = TestAddresses.FreePort(_rig.Address);
        _rig.Mesh.Configure(
            "east",
            [
                new OutboundPort(RemoteService, importPort, GatewayProtocol.Http,
                [
                    new BackendCluster("east", 1, 0, 1, [new EndpointAddress(TestAddresses.Pod(0).ToString(), dead)]),
                    new BackendCluster("west", 1, 1, 1, []),
                ]),
            ],
            []);
        _rig.Apply(_rig.Listener([Rule(null, Import())]));

        for (var i = 0; i < 5; i++)
        {
            var answer = await _rig.GetAsync("/");
            answer.Status.Should().Be(HttpStatusCode.OK, "the refused local pod is a connect failure: the next cluster serves");
            answer.Server.Should().Be("remote");
        }
    }

    [Fact]
    public async Task ServiceImportBackend_RequestAndBackendTimeouts_504InTime()
    {
        _rig.Apply(_rig.Listener(
        [
            Rule(new IngressMatch { Path = new MeshModel.PathMatchModel(MeshModel.PathMatchKind.Prefix, "/request") }, Import()) with { RequestTimeout = TimeSpan.FromMilliseconds(500) },
            Rule(new IngressMatch { Path = new MeshModel.PathMatchModel(MeshModel.PathMatchKind.Prefix, "/backend") }, Import()) with { BackendRequestTimeout = TimeSpan.FromMilliseconds(500) },
        ]));

        foreach (var path in new[] { "/request", "/backend" })
        {
            var watch = System.Diagnostics.Stopwatch.StartNew();
            var answer = await _rig.SendAsync(HttpMethod.Post, path + "?delay-ms=5000", "example.com", []);
            answer.Status.Should().Be(HttpStatusCode.GatewayTimeout, path + " through the tunnel is bounded by the rule's timeout");
            watch.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(3));
        }

        (await _rig.GetAsync("/request?delay-ms=10")).Server.Should().Be("remote");
    }

    [Fact]
    public async Task ServiceImportBackend_NotImportedHere_Answers503()
    {
        _rig.Apply(_rig.Listener([Rule(null, Import() with { Name = "elsewhere" })]));

        var answer = await _rig.GetAsync("/");

        answer.Status.Should().Be(HttpStatusCode.ServiceUnavailable);
        answer.Body.Should().Contain("elsewhere.demo.svc.clusterset.local:8080").And.Contain("not served by this gateway");
    }

    [Fact]
    public async Task LiveReconfiguration_RulesSwapped_PortsAddedAndRemoved_InFlightRequestFinishes()
    {
        _rig.Apply(_rig.Listener([Rule(null, Service(_rig.A))]));
        (await _rig.GetAsync("/")).Server.Should().Be("a");

        // A slow request in flight on the old configuration.
        var slow = _rig.GetAsync("/?delay-ms=1500");
        await Tdcc.Mesh.Testing.Eventually.TrueAsync(() => _rig.A.Requests == 2, timeout: TimeSpan.FromSeconds(5));

        var second = TestAddresses.FreePort(_rig.Address);
        _rig.Apply(
            _rig.Listener([Rule(null, Service(_rig.B))]),
            _rig.Listener([Rule(null, Service(_rig.C))], name: "second", port: second));
        (await _rig.GetAsync("/")).Server.Should().Be("b", "the rules were swapped without a restart");
        (await _rig.SendAsync(HttpMethod.Get, "/", "example.com", [], port: second)).Server.Should().Be("c", "a new port listens");
        _rig.Mesh["east"].Status.IngressPorts.Should().Equal(new[] { _rig.Port, second }.Order());

        // The first port goes away: its in-flight request still finishes.
        _rig.Apply(_rig.Listener([Rule(null, Service(_rig.C))], name: "second", port: second));
        var finished = await slow;
        finished.Status.Should().Be(HttpStatusCode.OK);
        finished.Server.Should().Be("a");
        var refused = async () => await _rig.GetAsync("/");
        await refused.Should().ThrowAsync<HttpRequestException>("the removed port no longer listens");
        (await _rig.SendAsync(HttpMethod.Get, "/", "example.com", [], port: second)).Server.Should().Be("c");
    }
}
