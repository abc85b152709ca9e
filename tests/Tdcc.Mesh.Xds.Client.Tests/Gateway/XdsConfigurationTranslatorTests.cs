using Envoy.Config.Route.V3;
using Envoy.Type.Matcher.V3;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Tdcc.Mesh.Gateway.Configuration;
using Tdcc.Mesh.MeshModel;

namespace Tdcc.Mesh.Xds.Client.Tests.Gateway;

/// <summary>The xDS view (docs/gateway.md "From xDS") → GatewayConfiguration, with hand-built resources.</summary>
public sealed class XdsConfigurationTranslatorTests
{
    private static readonly ServiceKey Echo = new("demo", "echo", 8080);
    private static readonly ServiceKey TcpEcho = new("demo", "tcp-echo", 9000);

    [Fact]
    public void Translate_WestView_OutboundInboundAndPeers()
    {
        var configuration = XdsConfigurationTranslator.Translate(XdsViews.Of(GatewayResources.WestView()), "west");

        configuration.Cluster.Should().Be("west");
        configuration.Outbound.Select(port => (port.Service, port.ListenPort, port.Protocol)).Should().Equal(
            (Echo, 30001, GatewayProtocol.Http),
            (TcpEcho, 30002, GatewayProtocol.Tcp));
        var echo = configuration.Outbound[0];
        echo.Backends.Should().HaveCount(2);
        echo.Backends[0].Should().BeEquivalentTo(new BackendCluster("west", 2, 0, 1,
            [new EndpointAddress("10.2.0.5", 8080, true, "us-west-2b"), new EndpointAddress("10.2.0.6", 8080, false, "us-west-2b")]));
        echo.Backends[1].Should().BeEquivalentTo(new BackendCluster("east", 3, 1, 3, []));
        echo.Rules.Should().BeEmpty("a lone catch-all route to the port's own cluster is no rule");
        echo.Policy!.Timeout.Should().Be(TimeSpan.FromSeconds(3));
        configuration.Outbound[1].Backends.Should().ContainSingle().Which.Should().BeEquivalentTo(new BackendCluster("east", 2, 0, 2, []));

        configuration.Inbound.Should().ContainSingle();
        configuration.Inbound[0].Service.Should().Be(Echo);
        configuration.Inbound[0].Protocol.Should().Be(GatewayProtocol.Http, "the inbound port takes the outbound protocol of the same service port");
        configuration.Inbound[0].Endpoints.Should().Equal(new EndpointAddress("10.2.0.5", 8080, true, "us-west-2b"));

        configuration.Peers.Should().Equal(
            new PeerGateway("east", "10.0.1.10", 15443, "us-east", "us-east-1a"),
            new PeerGateway("nat", null, 15443, "eu", "eu-1a"));
        XdsConfigurationTranslator.TrustBundlePem(XdsViews.Of(GatewayResources.WestView())).Should().Be(GatewayResources.TrustBundlePem);
    }

    [Theory]
    [InlineData(false, null, GatewayProtocol.Http)]
    [InlineData(true, null, GatewayProtocol.Http2)]
    [InlineData(true, "grpc", GatewayProtocol.Grpc)]
    [InlineData(false, "kubernetes.io/ws", GatewayProtocol.Http)]
    [InlineData(true, "kubernetes.io/h2c", GatewayProtocol.Http2)]
    public void Translate_HttpListener_ProtocolFromUpstreamOptionsAndHint(bool http2, string? appProtocol, GatewayProtocol expected)
    {
        var cluster = GatewayResources.OutboundCluster("demo", "echo", 8080);
        var listener = GatewayResources.OutboundHttp(30001, "demo", "echo", 8080);
        var view = XdsViews.Of([listener, GatewayResources.Routes(listener.Name, cluster), GatewayResources.EdsCluster(cluster, http2, appProtocol)]);

        XdsConfigurationTranslator.Translate(view, "west").Outbound.Should().ContainSingle().Which.Protocol.Should().Be(expected);
    }

    [Fact]
    public void Translate_RouteRules_MatchesWeightedBackendsTimeoutsRetriesAndNoBackend()
    {
        var cluster = GatewayResources.OutboundCluster("demo", "echo", 8080);
        var listener = GatewayResources.OutboundHttp(30001, "demo", "echo", 8080);
        var canary = new Route
        {
            Name = "HTTPRoute demo/split rule 0 match 0",
            Match = new RouteMatch { Prefix = "/api", Headers = { new HeaderMatcher { Name = "x-canary", StringMatch = new StringMatcher { Exact = "1" } } } },
            Route_ = new RouteAction
            {
                WeightedClusters = new WeightedCluster
                {
                    Clusters =
                    {
                        new WeightedCluster.Types.ClusterWeight { Name = cluster, Weight = 90 },
                        new WeightedCluster.Types.ClusterWeight { Name = GatewayResources.OutboundCluster("demo", "echo-v2", 8080), Weight = 10 },
                    },
                },
                Timeout = Duration.FromTimeSpan(TimeSpan.FromSeconds(2)),
                RetryPolicy = new RetryPolicy { RetryOn = "5xx", NumRetries = 2, PerTryTimeout = Duration.FromTimeSpan(TimeSpan.FromMilliseconds(500)) },
            },
        };
        var exact = new Route { Name = "rule 1 match 0", Match = new RouteMatch { Path = "/health" }, Route_ = new RouteAction { Cluster = cluster, Timeout = Duration.FromTimeSpan(TimeSpan.Zero) } };
        var none = new Route { Name = "rule 2 match 0", Match = new RouteMatch { SafeRegex = new RegexMatcher { Regex = "/old/.*" } }, DirectResponse = new DirectResponseAction { Status = 500 } };
        var view = XdsViews.Of([listener, GatewayResources.Routes(listener.Name, cluster, canary, exact, none), GatewayResources.EdsCluster(cluster)]);

        var rules = XdsConfigurationTranslator.Translate(view, "west").Outbound.Single().Rules;

        rules.Should().HaveCount(3);
        rules[0].Name.Should().Be("HTTPRoute demo/split rule 0 match 0");
        rules[0].Matches.Should().ContainSingle().Which.Should().BeEquivalentTo(new RouteMatchModel(new PathMatchModel(PathMatchKind.Prefix, "/api"), [new HeaderMatchModel("x-canary", "1")]));
        rules[0].Backends.Should().Equal(new RouteBackendModel("demo", "echo", 8080, 90), new RouteBackendModel("demo", "echo-v2", 8080, 10));
        rules[0].Timeout.Should().Be(TimeSpan.FromSeconds(2));
        rules[0].Retries.Should().Be(new RetryPolicyModel(2, "5xx", TimeSpan.FromMilliseconds(500)));
        rules[1].Matches.Single().Path.Should().Be(new PathMatchModel(PathMatchKind.Exact, "/health"));
        rules[1].Timeout.Should().BeNull("a zero route timeout means none");
        rules[1].Backends.Should().Equal(new RouteBackendModel("demo", "echo", 8080, 1));
        rules[2].Matches.Single().Path.Should().Be(new PathMatchModel(PathMatchKind.RegularExpression, "/old/.*"));
        rules[2].Backends.Should().BeEmpty();
    }

    [Fact]
    public void Translate_ClusterPolicy_OutlierDetectionCircuitBreakersAndRingHash()
    {
        var name = GatewayResources.OutboundCluster("demo", "tcp-echo", 9000);
        var cluster = GatewayResources.EdsCluster(name);
        cluster.LbPolicy = Envoy.Config.Cluster.V3.Cluster.Types.LbPolicy.RingHash;
        cluster.OutlierDetection = new Envoy.Config.Cluster.V3.OutlierDetection
        {
            Consecutive5Xx = 3,
            Interval = Duration.FromTimeSpan(TimeSpan.FromSeconds(5)),
            BaseEjectionTime = Duration.FromTimeSpan(TimeSpan.FromSeconds(20)),
            MaxEjectionPercent = 50,
        };
        cluster.CircuitBreakers = new Envoy.Config.Cluster.V3.CircuitBreakers
        {
            Thresholds = { new Envoy.Config.Cluster.V3.CircuitBreakers.Types.Thresholds { MaxConnections = 100, MaxPendingRequests = 10, MaxRequests = 200 } },
        };
        var view = XdsViews.Of([GatewayResources.OutboundTcp(30002, "demo", "tcp-echo", 9000), cluster]);

        var policy = XdsConfigurationTranslator.Translate(view, "west").Outbound.Single().Policy;

        policy.Should().NotBeNull();
        policy!.LoadBalancer.Should().Be(LoadBalancerKind.RingHash);
        policy.OutlierDetection.Should().Be(new OutlierDetectionModel(3, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(20), 50));
        policy.CircuitBreaker.Should().Be(new CircuitBreakerModel(100, 10, 200, null));
    }

    [Fact]
    public void Translate_TwoListenersOnOneListenPort_ThrowsNamingBoth()
    {
        var view = XdsViews.Of([GatewayResources.OutboundTcp(30002, "demo", "tcp-echo", 9000), GatewayResources.OutboundTcp(30002, "demo", "other", 9000)]);

        var act = () => XdsConfigurationTranslator.Translate(view, "west");

        act.Should().Throw<FormatException>().WithMessage("*other*tcp-echo*both listen on port 30002");
    }

    [Theory]
    [InlineData("outbound|x|echo.demo.svc.clusterset.local:8080")]
    [InlineData("outbound|30001|echo.demo.svc.cluster.local:8080")]
    [InlineData("outbound|30001")]
    public void Translate_MalformedOutboundListenerName_Throws(string name)
    {
        var listener = GatewayResources.OutboundTcp(30002, "demo", "tcp-echo", 9000);
        listener.Name = name;

        var act = () => XdsConfigurationTranslator.Translate(XdsViews.Of([listener]), "west");

        act.Should().Throw<FormatException>().WithMessage($"*{name}*");
    }

    [Fact]
    public void Translate_PeerWithoutPort_Throws()
    {
        var eastWest = GatewayResources.EastWest(("east", "10.0.1.10", 15443, "us-east", "us-east-1a"));
        eastWest.Metadata.FilterMetadata["tdcc.io/peers"].Fields["east"].StructValue.Fields.Remove("port");

        var act = () => XdsConfigurationTranslator.Translate(XdsViews.Of([eastWest]), "west");

        act.Should().Throw<FormatException>().WithMessage("*peer east*port*");
    }

    [Fact]
    public void Translate_LocalityNamedOnlyByEndpointMetadata_UsesTdccClusterMetadata()
    {
        var name = GatewayResources.OutboundCluster("demo", "tcp-echo", 9000);
        var remote = GatewayResources.Remote("east", 0, 1, "10.0.1.10", 4);
        remote.Locality.SubZone = string.Empty;
        var view = XdsViews.Of([GatewayResources.OutboundTcp(30002, "demo", "tcp-echo", 9000), GatewayResources.EdsCluster(name), GatewayResources.Assignment(name, remote)]);

        XdsConfigurationTranslator.Translate(view, "west").Outbound.Single().Backends.Should().ContainSingle()
            .Which.Should().BeEquivalentTo(new BackendCluster("east", 1, 0, 4, []));
    }

    [Fact]
    public void Translate_EmptyView_EmptyConfigurationWithItsVersion()
    {
        var view = XdsViews.Of(Array.Empty<IMessage>());

        var configuration = XdsConfigurationTranslator.Translate(view, "west");

        configuration.Outbound.Should().BeEmpty();
        configuration.Inbound.Should().BeEmpty();
        configuration.Peers.Should().BeEmpty();
        configuration.Version.Should().Be(view.Version);
    }
}
