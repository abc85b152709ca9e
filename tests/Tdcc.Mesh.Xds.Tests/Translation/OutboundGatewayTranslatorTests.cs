using Envoy.Config.Cluster.V3;
using Envoy.Config.Endpoint.V3;
using Envoy.Config.Listener.V3;
using Envoy.Config.Route.V3;
using Envoy.Extensions.Filters.Network.HttpConnectionManager.V3;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Tdcc.Mesh.MeshModel;
using Tdcc.Mesh.Xds.Cache;
using Tdcc.Mesh.Xds.Translation;
using Tdcc.Mesh.Xds.Validation;
using TcpProxyFilter = Envoy.Extensions.Filters.Network.TcpProxy.V3.TcpProxy;

namespace Tdcc.Mesh.Xds.Tests.Translation;

/// <summary>The east-west gateway's outbound half and its peers (docs/gateway.md, "From xDS").</summary>
public sealed class OutboundGatewayTranslatorTests
{
    private const string EchoGrpcListener = "outbound|30001|echo.demo.svc.clusterset.local:9090";
    private const string EchoTcpListener = "outbound|30002|echo.demo.svc.clusterset.local:8080";
    private const string WebListener = "outbound|30003|web.demo.svc.clusterset.local:80";
    private const string EchoGrpcCluster = "outbound|9090|echo.demo.svc.clusterset.local";
    private const string EchoTcpCluster = "outbound|8080|echo.demo.svc.clusterset.local";
    private const string WebCluster = "outbound|80|web.demo.svc.clusterset.local";
    private const string LoneCluster = "outbound|5000|lone.demo.svc.clusterset.local";

    [Fact]
    public void TranslateEastWest_AllocatedPorts_OneSocketListenerEachOnItsListenPort()
    {
        var listeners = Decode<Listener>(GatewayTranslator.TranslateEastWest(Model(), "east"));

        listeners.Select(l => l.Name).Should().BeEquivalentTo("east-west-gateway", EchoGrpcListener, EchoTcpListener, WebListener);
        var tcp = listeners.Single(l => l.Name == EchoTcpListener);
        tcp.Address.SocketAddress.Address.Should().Be("0.0.0.0");
        tcp.Address.SocketAddress.PortValue.Should().Be(30002u);
        tcp.ApiListener.Should().BeNull();
        listeners.Should().NotContain(l => l.Name.Contains("lone", StringComparison.Ordinal), "lone:5000 has no listen port yet");
    }

    [Fact]
    public void TranslateEastWest_TcpPort_TcpProxyToTheOutboundCluster()
    {
        var listener = Decode<Listener>(GatewayTranslator.TranslateEastWest(Model(), "east")).Single(l => l.Name == EchoTcpListener);

        var filter = listener.FilterChains.Single().Filters.Should().ContainSingle().Subject;
        filter.Name.Should().Be("envoy.filters.network.tcp_proxy");
        var proxy = filter.TypedConfig.Unpack<TcpProxyFilter>();
        proxy.Cluster.Should().Be(EchoTcpCluster);
        proxy.StatPrefix.Should().Be(EchoTcpListener);
    }

    [Fact]
    public void TranslateEastWest_HttpKinds_HttpConnectionManagerWithRdsOfTheListenersName()
    {
        var listeners = Decode<Listener>(GatewayTranslator.TranslateEastWest(Model(), "east"));

        foreach (var name in new[] { EchoGrpcListener, WebListener })
        {
            var filter = listeners.Single(l => l.Name == name).FilterChains.Single().Filters.Single();
            filter.Name.Should().Be("envoy.filters.network.http_connection_manager");
            var hcm = filter.TypedConfig.Unpack<HttpConnectionManager>();
            hcm.Rds.RouteConfigName.Should().Be(name);
            hcm.Rds.ConfigSource.Ads.Should().NotBeNull();
        }
    }

    [Fact]
    public void TranslateEastWest_OutboundRoutes_AnyAuthorityToTheOutboundClusterOrTheRulesWeightedOutboundClusters()
    {
        var routes = Decode<RouteConfiguration>(GatewayTranslator.TranslateEastWest(Model(), "east"));

        routes.Select(r => r.Name).Should().BeEquivalentTo("east-west-gateway", EchoGrpcListener, WebListener);
        var grpc = routes.Single(r => r.Name == EchoGrpcListener).VirtualHosts.Should().ContainSingle().Subject;
        grpc.Domains.Should().Equal("*");
        grpc.Routes.Single().Route_.Cluster.Should().Be(EchoGrpcCluster);
        grpc.Routes.Single().Route_.Timeout.Should().Be(Duration.FromTimeSpan(TimeSpan.Zero), "no 15 s default on gRPC streams");
        var web = routes.Single(r => r.Name == WebListener).VirtualHosts.Single();
        var weighted = web.Routes.Should().ContainSingle().Subject.Route_.WeightedClusters.Clusters;
        weighted.Select(c => (c.Name, c.Weight.GetValueOrDefault())).Should().Equal((WebCluster, 3u), (EchoTcpCluster, 1u));
    }

    [Fact]
    public void TranslateEastWest_OutboundClusters_EveryServedPortOverEdsWithHttp2ForGrpc()
    {
        var clusters = Decode<Cluster>(GatewayTranslator.TranslateEastWest(Model(), "east"))
            .Where(c => c.Name.StartsWith("outbound|", StringComparison.Ordinal)).ToList();

        clusters.Select(c => c.Name).Should().BeEquivalentTo(EchoGrpcCluster, EchoTcpCluster, WebCluster, LoneCluster);
        clusters.Should().OnlyContain(c => c.Type == Cluster.Types.DiscoveryType.Eds && c.EdsClusterConfig.ServiceName == c.Name);
        clusters.Single(c => c.Name == EchoGrpcCluster).TypedExtensionProtocolOptions.Should().ContainKey("envoy.extensions.upstreams.http.v3.HttpProtocolOptions");
        clusters.Single(c => c.Name == EchoTcpCluster).TypedExtensionProtocolOptions.Should().BeEmpty();
    }

    [Fact]
    public void TranslateEastWest_OutboundAssignment_OwnPodsFirstThenOnePeerEndpointWeightedByReadyEndpoints()
    {
        var assignment = Decode<ClusterLoadAssignment>(GatewayTranslator.TranslateEastWest(Model(), "east")).Single(a => a.ClusterName == EchoTcpCluster);

        assignment.Endpoints.Select(l => (l.Locality.Region, l.Locality.Zone, l.Locality.SubZone, l.Priority, l.LoadBalancingWeight.GetValueOrDefault()))
            .Should().Equal(("us-east", "us-east-1a", "east", 0u, 1u), ("us-west", "us-west-2b", "west", 1u, 1u));
        var own = assignment.Endpoints[0].LbEndpoints;
        own.Select(e => (e.Endpoint.Address.SocketAddress.Address, e.Endpoint.Address.SocketAddress.PortValue)).Should().Equal(("10.0.0.1", 18080u));
        own.Single().Metadata.Should().BeNull("a pod is not a peer");
        var peer = assignment.Endpoints[1].LbEndpoints.Should().ContainSingle().Subject;
        peer.Endpoint.Address.SocketAddress.Address.Should().Be("198.51.100.2");
        peer.Endpoint.Address.SocketAddress.PortValue.Should().Be(15443u);
        peer.LoadBalancingWeight.Should().Be(2u, "west has two ready endpoints (one more not ready)");
        peer.Metadata.FilterMetadata["tdcc.io/cluster"].Fields["cluster"].StringValue.Should().Be("west");
    }

    [Fact]
    public void TranslateEastWest_PolicyWithoutFailoverAndWeights_OnePriorityAndTheClusterWeights()
    {
        var policy = new TrafficPolicyModel(ClusterWeights: new Dictionary<string, uint> { ["east"] = 3, ["west"] = 1 }, LocalityFailover: false);

        var assignment = Decode<ClusterLoadAssignment>(GatewayTranslator.TranslateEastWest(Model(policy), "west")).Single(a => a.ClusterName == EchoTcpCluster);

        assignment.Endpoints.Select(l => (l.Locality.SubZone, l.Priority, l.LoadBalancingWeight.GetValueOrDefault()))
            .Should().Equal(("east", 0u, 3u), ("west", 0u, 1u));
        assignment.Endpoints[0].LbEndpoints.Single().Endpoint.Address.SocketAddress.Address.Should().Be("192.0.2.1", "from west, east is its gateway");
        assignment.Endpoints[1].LbEndpoints.Select(e => e.Endpoint.Address.SocketAddress.Address).Should().Equal("10.1.0.1", "10.1.0.3");
    }

    [Fact]
    public void TranslateEastWest_ClusterWeightZero_ClusterLeftOut()
    {
        var policy = new TrafficPolicyModel(ClusterWeights: new Dictionary<string, uint> { ["east"] = 1, ["west"] = 0 });

        var assignment = Decode<ClusterLoadAssignment>(GatewayTranslator.TranslateEastWest(Model(policy), "east")).Single(a => a.ClusterName == EchoTcpCluster);

        assignment.Endpoints.Select(l => l.Locality.SubZone).Should().Equal("east");
    }

    [Fact]
    public void TranslateEastWest_PeerBehindNat_EndpointWithoutAddressCarriesTheMetadata()
    {
        var assignment = Decode<ClusterLoadAssignment>(GatewayTranslator.TranslateEastWest(Model(), "east")).Single(a => a.ClusterName == LoneCluster);

        var locality = assignment.Endpoints.Should().ContainSingle().Subject;
        locality.Locality.SubZone.Should().Be("nat");
        locality.Priority.Should().Be(0u, "priorities start at 0 when the own cluster does not serve");
        var endpoint = locality.LbEndpoints.Single();
        endpoint.Endpoint.Should().NotBeNull();
        endpoint.Endpoint.Address.Should().BeNull("no one can dial a cluster behind NAT");
        endpoint.Metadata.FilterMetadata["tdcc.io/cluster"].Fields["cluster"].StringValue.Should().Be("nat");
    }

    [Fact]
    public void TranslateEastWest_PeersMetadata_EveryOtherMemberWithAddressPortRegionZone()
    {
        var listener = Decode<Listener>(GatewayTranslator.TranslateEastWest(Model(), "east")).Single(l => l.Name == "east-west-gateway");

        var peers = listener.Metadata.FilterMetadata["tdcc.io/peers"].Fields;
        peers.Keys.Should().BeEquivalentTo("west", "nat", "idle");
        var west = peers["west"].StructValue.Fields;
        (west["address"].StringValue, west["port"].NumberValue, west["region"].StringValue, west["zone"].StringValue)
            .Should().Be(("198.51.100.2", 15443d, "us-west", "us-west-2b"));
        peers["nat"].StructValue.Fields["address"].StringValue.Should().BeEmpty("behind NAT");
        peers["nat"].StructValue.Fields["port"].NumberValue.Should().Be(16000d);
        peers["idle"].StructValue.Fields["address"].StringValue.Should().Be("203.0.113.9", "a member without services is listed too");
    }

    [Fact]
    public void TranslateEastWest_ListenPortClaimedTwice_OneListener()
    {
        var model = Model();
        var clash = model with
        {
            Services = [.. model.Services, new ServiceModel("demo", "clash", [new ServicePortModel("tcp", 7000, GatewayPort: 30002)])],
        };

        var listeners = Decode<Listener>(GatewayTranslator.TranslateEastWest(clash, "east"));

        listeners.Where(l => l.Address.SocketAddress.PortValue == 30002).Select(l => l.Name)
            .Should().Equal(["outbound|30002|clash.demo.svc.clusterset.local:7000"], "the first service in namespace/name order keeps it");
    }

    [Theory]
    [InlineData("east")]
    [InlineData("west")]
    [InlineData("nat")]
    public void NodeGroupTranslator_EastWestWithOutbound_PassesValidationAndIsConsistent(string cluster)
    {
        var strict = new SnapshotValidator(new ProtoConstraintValidator(new ProtoConstraintValidatorOptions { ReportUnknownAnyTypes = true }));
        var policy = new TrafficPolicyModel(
            Retries: new RetryPolicyModel(2, PerTryTimeout: TimeSpan.FromSeconds(1)),
            Timeout: TimeSpan.FromSeconds(5),
            OutlierDetection: new OutlierDetectionModel(),
            CircuitBreaker: new CircuitBreakerModel(MaxConnections: 10),
            ClusterWeights: new Dictionary<string, uint> { ["east"] = 2 },
            LoadBalancer: LoadBalancerKind.RingHash);

        var snapshots = NodeGroupTranslator.Translate(Model(policy), ["east", "west", "nat", "idle"]);

        var snapshot = snapshots["east-west-gateway/" + cluster];
        snapshot.Get(TypeUrls.Listener).Items.Keys.Should().Contain(WebListener);
        snapshot.Consistent().IsConsistent.Should().BeTrue();
        strict.Validate(snapshot).Should().BeEmpty();
    }

    /// <summary>
    /// demo/echo (grpc 9090 → listen 30001, tcp 8080 → 30002; east 10.0.0.1, west 10.1.0.1 and 10.1.0.3 ready, 10.1.0.2
    /// not), demo/web (HTTP 80 → 30003, west; a rule 3:1 to web:80 and echo:8080) and demo/lone (5000, no listen port,
    /// only the NAT cluster). Gateways: east 192.0.2.1, west 198.51.100.2 (both 15443), nat behind NAT (16000), idle
    /// 203.0.113.9 (exports nothing).
    /// </summary>
    private static ClusterSetModel Model(TrafficPolicyModel? echoPolicy = null)
    {
        var echoPorts = new List<EndpointPortModel> { new("grpc", 19090), new("tcp", 18080) };
        var webRule = new RouteRuleModel("HTTPRoute demo/web rule 0", [], [new RouteBackendModel("demo", "web", 80, 3), new RouteBackendModel("demo", "echo", 8080, 1)]);
        return new ClusterSetModel(
            [
                new ServiceModel("demo", "echo", [new ServicePortModel("grpc", 9090, AppProtocol: "grpc", GatewayPort: 30001), new ServicePortModel("tcp", 8080, GatewayPort: 30002)], echoPolicy),
                new ServiceModel("demo", "web", [new ServicePortModel("http", 80, AppProtocol: "HTTP", GatewayPort: 30003)], Routes: [new PortRoutesModel(80, [webRule])]),
                new ServiceModel("demo", "lone", [new ServicePortModel("tcp", 5000)]),
            ],
            [
                new ServiceEndpointsModel("east", "demo", "echo", echoPorts, [new EndpointModel(["10.0.0.1"])]),
                new ServiceEndpointsModel("west", "demo", "echo", echoPorts, [new EndpointModel(["10.1.0.1"]), new EndpointModel(["10.1.0.2"], Ready: false), new EndpointModel(["10.1.0.3"])]),
                new ServiceEndpointsModel("west", "demo", "web", [new EndpointPortModel("http", 8000)], [new EndpointModel(["10.1.0.9"])]),
                new ServiceEndpointsModel("nat", "demo", "lone", [new EndpointPortModel("tcp", 5000)], [new EndpointModel(["10.2.0.1"])]),
            ],
            [
                new ClusterLocalityModel("east", "us-east", "us-east-1a"),
                new ClusterLocalityModel("west", "us-west", "us-west-2b"),
                new ClusterLocalityModel("nat", "eu", "eu-1"),
                new ClusterLocalityModel("idle", "ap", "ap-1"),
            ],
            [
                new ClusterGatewayModel("east", "192.0.2.1"),
                new ClusterGatewayModel("west", "198.51.100.2"),
                new ClusterGatewayModel("nat", null, 16000),
                new ClusterGatewayModel("idle", "203.0.113.9"),
            ]);
    }

    private static List<T> Decode<T>(IEnumerable<IMessage> resources)
        where T : IMessage<T>, new()
    {
        var parser = new MessageParser<T>(() => new T());
        return [.. resources.OfType<T>().Select(message => parser.ParseFrom(message.ToByteString()))];
    }
}
