using System.Net;
using Tdcc.Mesh.MeshModel;
using Tdcc.Mesh.Sandbox.Workloads;
using Tdcc.Mesh.Testing;
using Tdcc.Mesh.Xds.Cache;
using Tdcc.Mesh.Xds.Tests.Server;
using Tdcc.Mesh.Xds.Translation;
using Xunit.Abstractions;

namespace Tdcc.Mesh.Xds.Tests.Peers;

/// <summary>
/// @grpc/grpc-js-xds against the routing rules of the RouteConfigurations: header and method matches, weighted
/// clusters, a push of new weights, the GAMMA rejection of unmatched calls and a rule without usable backends.
/// Two services, demo/echo and demo/echo-canary, whose pods answer with their own names; the rules sit on ports of echo.
/// </summary>
[Trait("Category", "Slow")]
[Trait("Peer", "node")]
public sealed class GrpcJsXdsRoutingPeerTests(ITestOutputHelper output)
{
    private const string EchoMethod = "/tdcc.echo.v1.EchoService/Echo";
    private const int SplitPort = 9090;
    private const int GatedPort = 9091;
    private const int MethodPort = 9092;
    private const int BrokenPort = 9093;
    private static readonly string[] Clusters = ["east"];
    private static readonly string[] EchoPortNames = ["split", "gated", "method", "broken"];
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private static readonly Dictionary<string, string> CanaryHeader = new(StringComparer.Ordinal) { ["x-canary"] = "true" };

    [PeerFact("node:@grpc/grpc-js-xds")]
    public async Task GrpcJsXds_RoutingRules_HeadersWeightsMethodsAndRejections()
    {
        RequirePeer.Present("node:@grpc/grpc-js-xds");
        var endpointPort = FreePort.OnLoopback();
        var pods = new (string Service, string Pod, string Ip)[]
        {
            ("echo", "echo-0", "127.12.0.11"), ("echo", "echo-1", "127.12.0.12"),
            ("echo-canary", "echo-canary-0", "127.12.0.21"),
        };
        var workloads = new List<IWorkload>();
        await using var server = await XdsTestServer.StartAsync(NodeHashes.ByCluster);
        try
        {
            foreach (var (_, pod, ip) in pods)
            {
                var workload = EchoImage.CreateWorkload(new PodIdentity("east", "demo", pod, IPAddress.Parse(ip)), [new ContainerPort(endpointPort, Name: "grpc")]);
                await workload.StartAsync();
                workloads.Add(workload);
            }

            Publish(server, Model(pods, endpointPort, echoWeight: 80, canaryWeight: 20));

            // (a, b) Without the header: the catch-all rule splits 80/20; with it: the header rule, canary only.
            await using (var withHeader = Client(server, SplitPort, "routing-canary", CanaryHeader))
            {
                var canaryOnly = await withHeader.WaitForAsync(calls => calls.Count(call => call.Ok) >= 40, Wait, "40 calls with x-canary");
                canaryOnly.Should().OnlyContain(call => call.Ok && call.Pod == "echo-canary-0");
            }

            await using var plain = Client(server, SplitPort, "routing-plain");
            var split = await plain.WaitForAsync(calls => calls.Count(call => call.Ok) >= 200, TimeSpan.FromSeconds(60), "200 calls without a header");
            split.Should().OnlyContain(call => call.Ok);
            var canaryShare = split.Count(call => call.Pod == "echo-canary-0") / (double)split.Count;
            output.WriteLine($"without header: {split.Count} calls, echo-canary {canaryShare:P1}, pods {string.Join(", ", split.GroupBy(call => call.Pod).Select(group => $"{group.Key}={group.Count()}"))}");
            canaryShare.Should().BeInRange(0.05, 0.45, "the catch-all rule sends 20 % to echo-canary");
            split.Select(call => call.Pod).Distinct().Should().Contain(["echo-0", "echo-1", "echo-canary-0"]);

            // (c) New weights 0/100: the traffic moves to echo-canary entirely.
            var mark = plain.LastSeq;
            var moved = Publish(server, Model(pods, endpointPort, echoWeight: 0, canaryWeight: 100));
            var after = await plain.WaitForAsync(mark, calls => calls.Count >= 60 && calls.TakeLast(50).All(call => call.Pod == "echo-canary-0"), Wait, "50 calls in a row on echo-canary");
            after.Should().OnlyContain(call => call.Ok);
            var lastEcho = after.ToList().FindLastIndex(call => call.Pod != "echo-canary-0");
            output.WriteLine($"after the 0/100 push: {lastEcho + 1} calls still on echo, then {after.Count - lastEcho - 1} on echo-canary only");
            await WaitForAckAsync(server, "routing-plain", TypeUrls.RouteConfiguration, moved.Get(TypeUrls.RouteConfiguration).Version);

            // (d) A port whose only rule needs a header: without it UNAVAILABLE (GAMMA), with it echo.
            await using (var gatedPlain = Client(server, GatedPort, "gated-plain"))
            await using (var gatedHeader = Client(server, GatedPort, "gated-canary", CanaryHeader))
            {
                var rejected = await gatedPlain.WaitForAsync(calls => calls.Count >= 10, Wait, "10 calls without the header");
                rejected.Should().OnlyContain(call => !call.Ok && call.Code == "UNAVAILABLE");
                var admitted = await gatedHeader.WaitForAsync(calls => calls.Count(call => call.Ok) >= 10, Wait, "10 calls with the header");
                admitted.Where(call => call.Ok).Should().OnlyContain(call => call.Pod!.StartsWith("echo-", StringComparison.Ordinal) && call.Pod != "echo-canary-0");
            }

            // (e) A method match: the rule for another method does not apply, the exact path of Echo goes to echo-canary.
            await using (var method = Client(server, MethodPort, "method"))
            {
                var calls = await method.WaitForAsync(calls => calls.Count >= 20, Wait, "20 calls on the method port");
                calls.Should().OnlyContain(call => call.Ok && call.Pod == "echo-canary-0");
            }

            // (f) A rule whose only backend is not in the model: its calls fail with UNAVAILABLE, the rest of the
            //     configuration stands (no NACK).
            await using (var broken = Client(server, BrokenPort, "broken"))
            {
                var calls = await broken.WaitForAsync(calls => calls.Count >= 10, Wait, "10 calls on the broken port");
                calls.Should().OnlyContain(call => !call.Ok && call.Code == "UNAVAILABLE");
                await WaitForAckAsync(server, "broken", TypeUrls.RouteConfiguration, moved.Get(TypeUrls.RouteConfiguration).Version);
                await WaitForAckAsync(server, "broken", TypeUrls.Cluster, moved.Get(TypeUrls.Cluster).Version);
            }

            var nacks = server.Status.GetStatus().Nodes.SelectMany(node => node.Types.Select(type => (node.NodeId, type)))
                .Where(entry => entry.type.VersionNacked is not null)
                .Select(entry => $"{entry.NodeId} {entry.type.TypeUrl}: {entry.type.ErrorDetail}");
            nacks.Should().BeEmpty("grpc-js-xds accepts every configuration with rules");
        }
        finally
        {
            foreach (var workload in workloads)
            {
                await workload.DisposeAsync();
            }
        }
    }

    private static XdsNodeClient Client(XdsTestServer server, int port, string nodeId, IReadOnlyDictionary<string, string>? metadata = null) =>
        XdsNodeClient.Start(server.Port, $"xds:///echo.demo.svc.clusterset.local:{port}", nodeId, "east", callIntervalMilliseconds: 10, metadata: metadata);

    /// <summary>
    /// echo: split (header x-canary → canary; else echo/canary by weight), gated (only x-canary: true → echo),
    /// method (another method → echo; Echo → canary), broken (everything → a service that does not exist).
    /// echo-canary: one port, no rules.
    /// </summary>
    private static ClusterSetModel Model((string Service, string Pod, string Ip)[] pods, int endpointPort, uint echoWeight, uint canaryWeight)
    {
        var echo = new RouteBackendModel("demo", "echo", SplitPort);
        var canary = new RouteBackendModel("demo", "echo-canary", SplitPort);
        var canaryHeader = new RouteMatchModel(Headers: [new HeaderMatchModel("x-canary", "true")]);
        PortRoutesModel[] routes =
        [
            new(SplitPort,
            [
                new RouteRuleModel("canary header", [canaryHeader], [canary]),
                new RouteRuleModel("split", [], [echo with { Weight = echoWeight }, canary with { Weight = canaryWeight }]),
            ]),
            new(GatedPort, [new RouteRuleModel("gated", [canaryHeader], [echo])]),
            new(MethodPort,
            [
                new RouteRuleModel("other method", [new RouteMatchModel(new PathMatchModel(PathMatchKind.Exact, "/tdcc.echo.v1.EchoService/Other"))], [echo]),
                new RouteRuleModel("echo method", [new RouteMatchModel(new PathMatchModel(PathMatchKind.Exact, EchoMethod))], [canary]),
            ]),
            new(BrokenPort, [new RouteRuleModel("missing backend", [], [new RouteBackendModel("demo", "missing", SplitPort)])]),
        ];
        var services = new[]
        {
            new ServiceModel("demo", "echo", [.. EchoPortNames.Select((name, i) => new ServicePortModel(name, SplitPort + i, AppProtocol: "grpc"))], Routes: routes),
            new ServiceModel("demo", "echo-canary", [new ServicePortModel("split", SplitPort, AppProtocol: "grpc")]),
        };
        var endpoints = pods.GroupBy(pod => pod.Service).Select(group => new ServiceEndpointsModel(
            "east",
            "demo",
            group.Key,
            [.. EchoPortNames.Select(name => new EndpointPortModel(name, endpointPort))],
            [.. group.Select(pod => new EndpointModel([pod.Ip]))]));
        return new ClusterSetModel(services, [.. endpoints], [new ClusterLocalityModel("east", "us-east", "us-east-1a")]);
    }

    private static Snapshot Publish(XdsTestServer server, ClusterSetModel model)
    {
        var snapshots = ClusterSetTranslator.TranslatePerCluster(model, Clusters);
        foreach (var (group, snapshot) in snapshots)
        {
            snapshot.Consistent().IsConsistent.Should().BeTrue();
            server.Cache.SetSnapshot(group, snapshot);
        }

        return snapshots["east"];
    }

    private static async Task WaitForAckAsync(XdsTestServer server, string nodeId, string typeUrl, string version)
    {
        var deadline = DateTime.UtcNow + Wait;
        while (DateTime.UtcNow < deadline)
        {
            var status = server.Status.GetStatus().Nodes.Where(node => node.NodeId == nodeId)
                .SelectMany(node => node.Types).FirstOrDefault(type => type.TypeUrl == typeUrl);
            status?.VersionNacked.Should().BeNull($"{nodeId} rejected {typeUrl}: {status?.ErrorDetail}");
            if (status?.VersionAcked == version)
            {
                return;
            }

            await Task.Delay(50);
        }

        throw new Xunit.Sdk.XunitException($"{nodeId} did not ACK {typeUrl} version {version}");
    }
}
