using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Tdcc.Mesh.Gateway.Configuration;
using Tdcc.Mesh.Gateway.Tests.Support;
using Tdcc.Mesh.MeshModel;

namespace Tdcc.Mesh.Gateway.Tests.Outbound;

/// <summary>
/// GAMMA routes in the data path: west's gateway picks the rule and its backend service, once, and sends the request
/// through the tunnel with that service as <c>:authority</c>; east delivers it to that service's pod without splitting
/// again. Real sockets on loopback.
/// </summary>
public sealed class RouteRulesThroughTunnelTests
{
    private static readonly ServiceKey Echo = new("demo", "echo", 8080);
    private static readonly ServiceKey EchoV2 = new("demo", "echo-v2", 8080);

    [Fact]
    public async Task HeaderRule_SendsToTheRulesBackendService_OthersToTheCatchAll()
    {
        await using var setup = await RoutedSetup.StartAsync(
        [
            new RouteRuleModel("HTTPRoute demo/canary rule 0", [new RouteMatchModel(Headers: [new HeaderMatchModel("x-version", "v2")])], [Backend(EchoV2)]),
            new RouteRuleModel("HTTPRoute demo/canary rule 1", [], [Backend(Echo)]),
        ]);

        (await setup.GetAsync("/", ("x-version", "v2"))).Body.Should().Contain("host=echo-v2.demo.svc.clusterset.local:8080");
        (await setup.GetAsync("/", ("x-version", "v1"))).Body.Should().Contain("host=echo.demo.svc.clusterset.local:8080");
        (await setup.GetAsync("/")).Body.Should().Contain("host=echo.demo.svc.clusterset.local:8080");
        setup.V1.Requests.Should().Be(2);
        setup.V2.Requests.Should().Be(1);
    }

    [Fact]
    public async Task PathRules_ExactPrefixAndRegex_FirstMatchingRuleWins_NoMatchIs404()
    {
        await using var setup = await RoutedSetup.StartAsync(
        [
            new RouteRuleModel("exact", [new RouteMatchModel(new PathMatchModel(PathMatchKind.Exact, "/v2"))], [Backend(EchoV2)]),
            new RouteRuleModel("regex", [new RouteMatchModel(new PathMatchModel(PathMatchKind.RegularExpression, "/items/[0-9]+"))], [Backend(EchoV2)]),
            new RouteRuleModel("prefix", [new RouteMatchModel(new PathMatchModel(PathMatchKind.Prefix, "/api/"))], [Backend(Echo)]),
        ]);

        (await setup.GetAsync("/v2")).Body.Should().Contain("host=echo-v2.");
        (await setup.GetAsync("/items/42")).Body.Should().Contain("host=echo-v2.");
        (await setup.GetAsync("/api/items/42")).Body.Should().Contain("host=echo.");
        var unmatched = await setup.GetAsync("/items/abc");
        unmatched.Status.Should().Be(HttpStatusCode.NotFound);
        unmatched.Body.Should().Contain("no route of echo.demo.svc.clusterset.local:8080 matches GET /items/abc");
        (await setup.GetAsync("/v2/more")).Status.Should().Be(HttpStatusCode.NotFound, "an exact path match does not match longer paths");
    }

    [Fact]
    public async Task WeightedRule_SplitsOnceAtTheSendingGateway_ByWeight()
    {
        await using var setup = await RoutedSetup.StartAsync(
            [new RouteRuleModel("split", [], [Backend(Echo, 1), Backend(EchoV2, 3)])]);

        const int Requests = 200;
        for (var i = 0; i < Requests; i++)
        {
            (await setup.GetAsync("/")).Status.Should().Be(HttpStatusCode.OK);
        }

        // 1:3 of 200 → 50 / 150; a binomial draw stays well within ±30 of that.
        setup.V1.Requests.Should().BeInRange(20, 80);
        setup.V2.Requests.Should().Be(Requests - setup.V1.Requests, "each request reaches exactly one pod: east does not split again");
    }

    [Fact]
    public async Task RuleWithoutUsableBackend_Answers500_AndABackendNotImportedHere500()
    {
        await using var setup = await RoutedSetup.StartAsync(
        [
            new RouteRuleModel("zero", [new RouteMatchModel(new PathMatchModel(PathMatchKind.Prefix, "/zero"))], [Backend(EchoV2, 0)]),
            new RouteRuleModel("elsewhere", [], [Backend(new ServiceKey("demo", "not-imported", 8080))]),
        ]);

        var zero = await setup.GetAsync("/zero");
        zero.Status.Should().Be(HttpStatusCode.InternalServerError);
        zero.Body.Should().Contain("zero of echo.demo.svc.clusterset.local:8080 has no backend with a weight above zero");
        var elsewhere = await setup.GetAsync("/");
        elsewhere.Status.Should().Be(HttpStatusCode.InternalServerError);
        elsewhere.Body.Should().Contain("backend not-imported.demo.svc.clusterset.local:8080 of elsewhere is not a clusterset service imported into this cluster");
        setup.V1.Requests.Should().Be(0);
        setup.V2.Requests.Should().Be(0);
    }

    [Fact]
    public async Task RuleTimeout_AppliesToTheRoutedRequest()
    {
        await using var setup = await RoutedSetup.StartAsync(
            [new RouteRuleModel("slow", [], [Backend(EchoV2)], Timeout: TimeSpan.FromMilliseconds(300))]);

        // The echo pod sleeps when asked (?delay-ms=); the rule's 300 ms timeout ends the wait with a gateway error.
        var started = System.Diagnostics.Stopwatch.StartNew();
        var answer = await setup.GetAsync("/?delay-ms=5000");
        started.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(4));
        ((int)answer.Status).Should().BeGreaterThanOrEqualTo(500);
    }

    private static RouteBackendModel Backend(ServiceKey service, uint weight = 1) => new(service.Namespace, service.Name, service.Port, weight);

    /// <summary>West serves echo (with the rules) and echo-v2 as outbound ports; east has one pod of each.</summary>
    private sealed class RoutedSetup : IAsyncDisposable
    {
        private readonly GatewayMesh _mesh;
        private readonly HttpClient _client = new();
        private readonly int _port;

        private RoutedSetup(GatewayMesh mesh, HttpEchoServer v1, HttpEchoServer v2, int port)
        {
            _mesh = mesh;
            V1 = v1;
            V2 = v2;
            _port = port;
        }

        public HttpEchoServer V1 { get; }

        public HttpEchoServer V2 { get; }

        public static async Task<RoutedSetup> StartAsync(RouteRuleModel[] rules)
        {
            var mesh = await GatewayMesh.StartAsync("west", "east");
            var v1 = await HttpEchoServer.StartAsync(TestAddresses.Pod(1), "east", HttpProtocols.Http1);
            var v2 = await HttpEchoServer.StartAsync(TestAddresses.Pod(2), "east", HttpProtocols.Http1);
            var port = TestAddresses.FreePort(mesh.Address("west"));
            var portV2 = TestAddresses.FreePort(mesh.Address("west"));
            mesh.Configure(
                "east",
                [],
                [
                    new InboundPort(Echo, GatewayProtocol.Http, [new EndpointAddress(v1.EndPoint.Address.ToString(), v1.EndPoint.Port)]),
                    new InboundPort(EchoV2, GatewayProtocol.Http, [new EndpointAddress(v2.EndPoint.Address.ToString(), v2.EndPoint.Port)]),
                ]);
            mesh.Configure(
                "west",
                [
                    new OutboundPort(Echo, port, GatewayProtocol.Http, [new BackendCluster("east", 1, 0, 1, [])], Rules: [.. rules]),
                    new OutboundPort(EchoV2, portV2, GatewayProtocol.Http, [new BackendCluster("east", 1, 0, 1, [])]),
                ],
                []);
            return new RoutedSetup(mesh, v1, v2, port);
        }

        public async Task<(HttpStatusCode Status, string Body)> GetAsync(string path, params (string Name, string Value)[] headers)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"http://{_mesh.Address("west")}:{_port}{path}");
            foreach (var (name, value) in headers)
            {
                request.Headers.Add(name, value);
            }

            using var response = await _client.SendAsync(request);
            return (response.StatusCode, await response.Content.ReadAsStringAsync());
        }

        public async ValueTask DisposeAsync()
        {
            _client.Dispose();
            await V1.DisposeAsync();
            await V2.DisposeAsync();
            await _mesh.DisposeAsync();
        }
    }
}
