using System.Net;
using System.Net.Sockets;
using Google.Protobuf.WellKnownTypes;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Tdcc.Mesh.Gateway.Configuration;
using Tdcc.Mesh.Gateway.Inbound;
using Tdcc.Mesh.Gateway.Tests.Support;
using Tdcc.Mesh.Grpc.Client;
using Tdcc.Mesh.Grpc.Status;
using Tdcc.Mesh.MeshModel;
using Tdcc.Mesh.Metrics;
using Tdcc.Mesh.Xds.Translation;

namespace Tdcc.Mesh.Gateway.Tests.Inbound;

/// <summary>
/// MultiClusterNetworkPolicies at the destination gateway: east exports echo and enforces the RBAC the hub translates
/// (<see cref="AccessPolicyTranslator"/>); west and north import it. Real sockets and mutual TLS on loopback.
/// </summary>
public sealed class NetworkPolicyThroughTunnelTests
{
    private static readonly ServiceKey Echo = new("demo", "echo", 8080);
    private static readonly GrpcMethod<StringValue, StringValue> Unary = new("/test.Echo/Unary");

    [Fact]
    public async Task DenyWest_WestGets403AndIsCounted_NorthStillReachesThePod()
    {
        using var exporter = PrometheusExporter.Create();
        var access = new ServiceAccessModel(
            [new AccessRuleModel("demo/deny-west-http", "no-west", AccessAction.Deny, [new AccessSourceModel(Clusters: ["west"])], [])],
            AccessAction.Allow);
        await using var setup = await PolicySetup.StartAsync(GatewayProtocol.Http, access);

        var west = await setup.GetAsync("west", "/");
        west.Status.Should().Be(HttpStatusCode.Forbidden);
        west.Body.Should().Be(InboundHandler.AccessDenied);
        var north = await setup.GetAsync("north", "/");
        north.Status.Should().Be(HttpStatusCode.OK);
        north.Body.Should().StartWith("cluster=east");
        (await setup.GetAsync("west", "/again")).Status.Should().Be(HttpStatusCode.Forbidden);

        setup.Pod.Requests.Should().Be(1, "only north's request reached the pod");
        (setup.Mesh["east"].Status.Denials ?? []).Should().ContainSingle()
            .Which.Should().Be(new Status.PolicyDenialStatus("demo/deny-west-http", "west", Echo.Authority, 2));
        var scrape = exporter.Scrape();
        scrape.Split('\n').Should().Contain(line => line.StartsWith("tdcc_gateway_policy_denials_total{", StringComparison.Ordinal)
            && line.Contains("policy=\"demo/deny-west-http\"", StringComparison.Ordinal)
            && line.Contains("rule=\"no-west\"", StringComparison.Ordinal)
            && line.Contains("source_cluster=\"west\"", StringComparison.Ordinal)
            && line.Contains($"destination_service=\"{Echo.Authority}\"", StringComparison.Ordinal)
            && line.EndsWith(" 2", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DefaultDenyWithAllowedGetPrefix_OnlyThoseRequestsPass_FirstMatchingRuleWins()
    {
        var access = new ServiceAccessModel(
        [
            new AccessRuleModel("demo/l7", "no-west-admin", AccessAction.Deny, [new AccessSourceModel(Clusters: ["west"])], [new AccessOperationModel(Paths: ["/admin/*"])]),
            new AccessRuleModel("demo/l7", "reads", AccessAction.Allow, [], [new AccessOperationModel(Methods: ["GET"], Paths: ["/api/*", "/health"])]),
        ],
            AccessAction.Deny,
            "demo/l7");
        await using var setup = await PolicySetup.StartAsync(GatewayProtocol.Http, access);

        (await setup.GetAsync("west", "/api/items?x=1")).Status.Should().Be(HttpStatusCode.OK);
        (await setup.GetAsync("west", "/health")).Status.Should().Be(HttpStatusCode.OK);
        (await setup.GetAsync("west", "/healthz")).Status.Should().Be(HttpStatusCode.Forbidden, "an exact path does not match longer ones");
        (await setup.SendAsync("west", HttpMethod.Post, "/api/items")).Status.Should().Be(HttpStatusCode.Forbidden, "only GET is allowed");
        (await setup.GetAsync("west", "/admin/users")).Status.Should().Be(HttpStatusCode.Forbidden);
        (await setup.GetAsync("north", "/admin/users")).Status.Should().Be(HttpStatusCode.Forbidden, "nothing allows /admin: the default denies");
        (setup.Mesh["east"].Status.Denials ?? []).Should().BeEquivalentTo(
        [
            new Status.PolicyDenialStatus("demo/l7", "north", Echo.Authority, 1),
            new Status.PolicyDenialStatus("demo/l7", "west", Echo.Authority, 3),
        ]);
    }

    [Fact]
    public async Task Tcp_DeniedSourceIsRefusedBeforeRelaying_OtherSourceEchoed()
    {
        var access = new ServiceAccessModel(
            [new AccessRuleModel("demo/tcp", "rule-0", AccessAction.Deny, [new AccessSourceModel(Clusters: ["west"])], [])],
            AccessAction.Allow);
        await using var setup = await PolicySetup.StartAsync(GatewayProtocol.Tcp, access);

        using (var north = new TcpClient())
        {
            await north.ConnectAsync(setup.Mesh.Address("north"), setup.Ports["north"]);
            using var reader = new StreamReader(north.GetStream());
            (await reader.ReadLineAsync()).Should().Be("east");
        }

        using (var west = new TcpClient())
        {
            await west.ConnectAsync(setup.Mesh.Address("west"), setup.Ports["west"]);
            using var reader = new StreamReader(west.GetStream());
            (await reader.ReadLineAsync()).Should().BeNull("east refused the CONNECT stream: west's gateway closes the connection without a byte");
        }

        await Testing.Eventually.TrueAsync(() => (setup.Mesh["east"].Status.Denials ?? []) is [{ Policy: "demo/tcp", SourceCluster: "west", Denied: 1 }]);
    }

    [Fact]
    public async Task Grpc_DeniedMethodFromWest_PermissionDenied_OtherSourceAnswered()
    {
        var access = new ServiceAccessModel(
            [new AccessRuleModel("demo/grpc", "no-west-unary", AccessAction.Deny, [new AccessSourceModel(Clusters: ["west"])], [new AccessOperationModel(Paths: ["/test.Echo/Unary"])])],
            AccessAction.Allow);
        await using var setup = await PolicySetup.StartAsync(GatewayProtocol.Grpc, access);
        using var west = GrpcChannel.ForAddress(new Uri($"http://{setup.Mesh.Address("west")}:{setup.Ports["west"]}"));
        using var north = GrpcChannel.ForAddress(new Uri($"http://{setup.Mesh.Address("north")}:{setup.Ports["north"]}"));

        var denied = async () => await west.UnaryAsync(Unary, new StringValue { Value = "hi" });

        var error = (await denied.Should().ThrowAsync<RpcException>()).Which;
        error.StatusCode.Should().Be(StatusCode.PermissionDenied);
        error.Status.Detail.Should().Be(InboundHandler.AccessDenied);
        (await north.UnaryAsync(Unary, new StringValue { Value = "hi" })).Value.Should().Be("east|hi|north");
        (setup.Mesh["east"].Status.Denials ?? []).Should().Equal(new Status.PolicyDenialStatus("demo/grpc", "west", Echo.Authority, 1));
    }

    /// <summary>East serves echo with the policy's RBAC; west and north each import it on an outbound port.</summary>
    private sealed class PolicySetup : IAsyncDisposable
    {
        private readonly HttpClient _client = new();
        private readonly IAsyncDisposable _pod;

        private PolicySetup(GatewayMesh mesh, IAsyncDisposable pod, HttpEchoServer? http, Dictionary<string, int> ports)
        {
            Mesh = mesh;
            _pod = pod;
            Pod = http!;
            Ports = ports;
        }

        public GatewayMesh Mesh { get; }

        public HttpEchoServer Pod { get; }

        public Dictionary<string, int> Ports { get; }

        public static async Task<PolicySetup> StartAsync(GatewayProtocol protocol, ServiceAccessModel access)
        {
            var mesh = await GatewayMesh.StartAsync("west", "north", "east");
            IAsyncDisposable pod;
            HttpEchoServer? http = null;
            IPEndPoint endPoint;
            if (protocol == GatewayProtocol.Grpc)
            {
                var grpc = await GrpcEchoServer.StartAsync(TestAddresses.Pod(1), "east");
                pod = grpc;
                endPoint = grpc.EndPoint;
            }
            else if (protocol == GatewayProtocol.Tcp)
            {
                var tcp = new TcpEchoServer(TestAddresses.Pod(1), "east");
                pod = tcp;
                endPoint = tcp.EndPoint;
            }
            else
            {
                http = await HttpEchoServer.StartAsync(TestAddresses.Pod(1), "east", HttpProtocols.Http1);
                pod = http;
                endPoint = http.EndPoint;
            }

            var rbac = AccessPolicyTranslator.Rbac(access, Echo.Port) ?? throw new InvalidOperationException("the policy denies nothing");
            mesh.Configure("east", [], [new InboundPort(Echo, protocol, [new EndpointAddress(endPoint.Address.ToString(), endPoint.Port)], Access: InboundAccess.From(rbac, "test"))]);
            var ports = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var client in new[] { "west", "north" })
            {
                ports[client] = TestAddresses.FreePort(mesh.Address(client));
                mesh.Configure(client, [new OutboundPort(Echo, ports[client], protocol, [new BackendCluster("east", 1, 0, 1, [])])], []);
            }

            return new PolicySetup(mesh, pod, http, ports);
        }

        public Task<(HttpStatusCode Status, string Body)> GetAsync(string cluster, string path) => SendAsync(cluster, HttpMethod.Get, path);

        public async Task<(HttpStatusCode Status, string Body)> SendAsync(string cluster, HttpMethod method, string path)
        {
            using var request = new HttpRequestMessage(method, $"http://{Mesh.Address(cluster)}:{Ports[cluster]}{path}");
            using var response = await _client.SendAsync(request);
            return (response.StatusCode, await response.Content.ReadAsStringAsync());
        }

        public async ValueTask DisposeAsync()
        {
            _client.Dispose();
            await _pod.DisposeAsync();
            await Mesh.DisposeAsync();
        }
    }
}
