using Envoy.Config.Cluster.V3;
using Envoy.Config.Endpoint.V3;
using Envoy.Config.Listener.V3;
using Envoy.Config.Route.V3;
using Envoy.Extensions.Filters.Network.HttpConnectionManager.V3;
using Envoy.Extensions.TransportSockets.Tls.V3;
using Envoy.Extensions.Upstreams.Http.V3;
using Google.Protobuf;
using Tdcc.Mesh.MeshModel;
using Tdcc.Mesh.Xds.Cache;
using Tdcc.Mesh.Xds.Translation;

namespace Tdcc.Mesh.Xds.Tests.Translation;

public sealed class GatewayTranslatorTests
{
    private const string RouterTypeUrl = "type.googleapis.com/envoy.extensions.filters.http.router.v3.Router";
    private const string HttpProtocolOptionsKey = "envoy.extensions.upstreams.http.v3.HttpProtocolOptions";
    private const string InboundEchoGrpc = "inbound|9090|echo.demo.svc.clusterset.local";
    private const string InboundEchoHttp = "inbound|8080|echo.demo.svc.clusterset.local";
    private const string InboundStream = "inbound|7070|stream.demo.svc.clusterset.local";

    [Fact]
    public void TranslateEastWest_Listener_MutualTlsOnAllAddressesWithSdsSecretsOverAds()
    {
        var listener = Decode<Listener>(GatewayTranslator.TranslateEastWest(GatewayModels.ClusterSet(), "east")).Single();

        listener.Name.Should().Be("east-west-gateway");
        listener.ApiListener.Should().BeNull();
        listener.Address.SocketAddress.Address.Should().Be("0.0.0.0");
        listener.Address.SocketAddress.PortValue.Should().Be(15443u);
        var chain = listener.FilterChains.Should().ContainSingle().Subject;
        chain.TransportSocket.Name.Should().Be("envoy.transport_sockets.tls");
        var tls = chain.TransportSocket.TypedConfig.Unpack<DownstreamTlsContext>();
        tls.RequireClientCertificate.Should().BeTrue();
        tls.CommonTlsContext.AlpnProtocols.Should().Equal("h2", "http/1.1");
        var certificate = tls.CommonTlsContext.TlsCertificateSdsSecretConfigs.Should().ContainSingle().Subject;
        certificate.Name.Should().Be(SecretNames.GatewayCertificate("east")).And.Be("tdcc-mesh/gateway/east");
        certificate.SdsConfig.Ads.Should().NotBeNull();
        var validation = tls.CommonTlsContext.ValidationContextSdsSecretConfig;
        validation.Name.Should().Be(SecretNames.TrustBundle);
        validation.SdsConfig.Ads.Should().NotBeNull();
        tls.CommonTlsContext.TlsCertificates.Should().BeEmpty("the certificate only comes over SDS");
    }

    [Fact]
    public void TranslateEastWest_Listener_OneHttpConnectionManagerWithRdsOverAdsAndRouterLast()
    {
        var listener = Decode<Listener>(GatewayTranslator.TranslateEastWest(GatewayModels.ClusterSet(), "east")).Single();

        var filter = listener.FilterChains.Single().Filters.Should().ContainSingle().Subject;
        filter.Name.Should().Be("envoy.filters.network.http_connection_manager");
        var hcm = filter.TypedConfig.Unpack<HttpConnectionManager>();
        hcm.CodecType.Should().Be(HttpConnectionManager.Types.CodecType.Auto);
        hcm.StatPrefix.Should().Be("east-west-gateway");
        hcm.Rds.RouteConfigName.Should().Be("east-west-gateway");
        hcm.Rds.ConfigSource.Ads.Should().NotBeNull();
        hcm.HttpFilters.Last().TypedConfig.TypeUrl.Should().Be(RouterTypeUrl);
    }

    [Fact]
    public void TranslateEastWest_Routes_OnlyExportedServicesWithUniqueDomainsToInboundClusters()
    {
        var routes = Decode<RouteConfiguration>(GatewayTranslator.TranslateEastWest(GatewayModels.ClusterSet(), "east")).Single();

        routes.Name.Should().Be("east-west-gateway");
        routes.VirtualHosts.Select(host => host.Name).Should().Equal(GatewayModels.EchoGrpc, GatewayModels.EchoHttp, GatewayModels.Stream);
        var domains = routes.VirtualHosts.SelectMany(host => host.Domains).ToList();
        domains.Should().OnlyHaveUniqueItems("Envoy rejects a domain that two virtual hosts share");
        domains.Should().NotContain(domain => domain.StartsWith("web.", StringComparison.Ordinal), "east does not export web");
        var echoHttp = routes.VirtualHosts.Single(host => host.Name == GatewayModels.EchoHttp);
        echoHttp.Domains.Should().Equal(GatewayModels.EchoHttp, "echo.demo.svc.clusterset.local");
        routes.VirtualHosts.Single(host => host.Name == GatewayModels.EchoGrpc).Domains.Should().Equal(GatewayModels.EchoGrpc);
        routes.VirtualHosts.Select(host => host.Routes.Single().Route_.Cluster).Should().Equal(InboundEchoGrpc, InboundEchoHttp, InboundStream);
        routes.VirtualHosts.Should().OnlyContain(host => host.Routes.Single().Match.Prefix == "/");
        routes.VirtualHosts.Should().OnlyContain(host => host.Routes.Single().Route_.Timeout.Seconds == 0 && host.Routes.Single().Route_.Timeout.Nanos == 0);
    }

    [Fact]
    public void TranslateEastWest_InboundAssignments_OnlyTheClustersOwnReadyEndpoints()
    {
        var assignments = Decode<ClusterLoadAssignment>(GatewayTranslator.TranslateEastWest(GatewayModels.ClusterSet(), "east"))
            .Where(a => a.ClusterName.StartsWith("inbound|", StringComparison.Ordinal)).ToList();

        assignments.Select(a => a.ClusterName).Should().BeEquivalentTo(InboundEchoGrpc, InboundEchoHttp, InboundStream);
        var grpc = assignments.Single(a => a.ClusterName == InboundEchoGrpc);
        var locality = grpc.Endpoints.Should().ContainSingle().Subject;
        locality.Locality.SubZone.Should().Be("east");
        locality.Priority.Should().Be(0u);
        locality.LbEndpoints.Select(e => (e.Endpoint.Address.SocketAddress.Address, e.Endpoint.Address.SocketAddress.PortValue))
            .Should().Equal(("10.0.0.1", 19090u));
        assignments.Single(a => a.ClusterName == InboundEchoHttp).Endpoints.Single().LbEndpoints.Single().Endpoint.Address.SocketAddress.PortValue.Should().Be(18080u);
        assignments.SelectMany(a => a.Endpoints).Should().OnlyContain(l => l.Locality.SubZone == "east");
    }

    [Fact]
    public void TranslateEastWest_ClusterWeightZeroForOwnCluster_InboundStillHasEndpoints()
    {
        var policy = new TrafficPolicyModel(ClusterWeights: new Dictionary<string, uint> { ["east"] = 0, ["west"] = 1 });

        var assignments = Decode<ClusterLoadAssignment>(GatewayTranslator.TranslateEastWest(GatewayModels.ClusterSet(policy), "east"));

        assignments.Single(a => a.ClusterName == InboundEchoGrpc).Endpoints.Single().LbEndpoints.Should().ContainSingle();
    }

    [Fact]
    public void TranslateEastWest_InboundClusters_EdsOverAdsAndHttp2OnlyForHttp2AppProtocols()
    {
        var clusters = Decode<Cluster>(GatewayTranslator.TranslateEastWest(GatewayModels.ClusterSet(), "east"));

        clusters.Where(c => c.Name.StartsWith("inbound|", StringComparison.Ordinal)).Should().HaveCount(3);
        clusters.Should().OnlyContain(c => c.Type == Cluster.Types.DiscoveryType.Eds && c.EdsClusterConfig.EdsConfig.Ads != null && c.EdsClusterConfig.ServiceName == c.Name);
        Http2(clusters.Single(c => c.Name == InboundEchoGrpc)).Should().BeTrue("appProtocol grpc");
        Http2(clusters.Single(c => c.Name == InboundStream)).Should().BeTrue("appProtocol kubernetes.io/H2C, any case");
        Http2(clusters.Single(c => c.Name == InboundEchoHttp)).Should().BeFalse("no appProtocol");
        clusters.Single(c => c.Name == InboundEchoHttp).TypedExtensionProtocolOptions.Should().BeEmpty();
    }

    [Fact]
    public void TranslateEastWest_Snapshot_ConsistentWithOnlySdsLeftToTheIdentityComponent()
    {
        var snapshot = Snapshot.Create(GatewayTranslator.TranslateEastWest(GatewayModels.ClusterSet(), "east"));

        snapshot.Consistent().IsConsistent.Should().BeTrue();
        snapshot.Get(TypeUrls.Secret).Items.Should().BeEmpty();
    }

    [Fact]
    public void TranslateEastWest_OtherCluster_ItsOwnCertificateAndExports()
    {
        var resources = GatewayTranslator.TranslateEastWest(GatewayModels.ClusterSet(), "west");

        var tls = Decode<Listener>(resources).Single().FilterChains.Single().TransportSocket.TypedConfig.Unpack<DownstreamTlsContext>();
        tls.CommonTlsContext.TlsCertificateSdsSecretConfigs.Single().Name.Should().Be("tdcc-mesh/gateway/west");
        Decode<RouteConfiguration>(resources).Single().VirtualHosts.Select(host => host.Name).Should().Equal(GatewayModels.EchoGrpc, GatewayModels.EchoHttp, GatewayModels.Web);
        var web = Decode<RouteConfiguration>(resources).Single().VirtualHosts.Single(host => host.Name == GatewayModels.Web);
        web.Domains.Should().Equal(GatewayModels.Web, "web.demo.svc.clusterset.local");
        Decode<ClusterLoadAssignment>(resources).Where(a => a.ClusterName.StartsWith("inbound|", StringComparison.Ordinal))
            .SelectMany(a => a.Endpoints).Should().OnlyContain(l => l.Locality.SubZone == "west");
    }

    [Fact]
    public void TranslateEastWest_Options_PortAndAddress()
    {
        var options = new GatewayOptions { ListenAddress = "::", EastWestPort = 16443 };

        var listener = Decode<Listener>(GatewayTranslator.TranslateEastWest(GatewayModels.ClusterSet(), "east", options)).Single();

        listener.Address.SocketAddress.Address.Should().Be("::");
        listener.Address.SocketAddress.PortValue.Should().Be(16443u);
    }

    [Fact]
    public void TranslateIngress_Listener_PlaintextHttpConnectionManagerWithRds()
    {
        var listener = Decode<Listener>(GatewayTranslator.TranslateIngress(GatewayModels.ClusterSet(), "east")).Single();

        listener.Name.Should().Be("ingress-gateway");
        listener.Address.SocketAddress.Address.Should().Be("0.0.0.0");
        listener.Address.SocketAddress.PortValue.Should().Be(8080u);
        var chain = listener.FilterChains.Should().ContainSingle().Subject;
        chain.TransportSocket.Should().BeNull();
        var hcm = chain.Filters.Single().TypedConfig.Unpack<HttpConnectionManager>();
        hcm.CodecType.Should().Be(HttpConnectionManager.Types.CodecType.Auto);
        hcm.Rds.RouteConfigName.Should().Be("ingress-gateway");
        hcm.Rds.ConfigSource.Ads.Should().NotBeNull();
        hcm.HttpFilters.Last().TypedConfig.TypeUrl.Should().Be(RouterTypeUrl);
        Decode<Listener>(GatewayTranslator.TranslateIngress(GatewayModels.ClusterSet(), "east", new GatewayOptions { IngressPort = 9000 }))
            .Single().Address.SocketAddress.PortValue.Should().Be(9000u);
    }

    [Fact]
    public void TranslateIngress_Routes_EveryServicePortToItsOutboundClusterWithUniqueDomains()
    {
        var policy = new TrafficPolicyModel(Retries: new RetryPolicyModel(2), Timeout: TimeSpan.FromSeconds(3));

        var routes = Decode<RouteConfiguration>(GatewayTranslator.TranslateIngress(GatewayModels.ClusterSet(policy), "east")).Single();

        routes.Name.Should().Be("ingress-gateway");
        routes.VirtualHosts.Select(host => host.Routes.Single().Route_.Cluster)
            .Should().Equal(GatewayModels.EchoGrpc, GatewayModels.EchoHttp, GatewayModels.Stream, GatewayModels.Web);
        routes.VirtualHosts.SelectMany(host => host.Domains).Should().OnlyHaveUniqueItems();
        var echo = routes.VirtualHosts.Single(host => host.Name == GatewayModels.EchoGrpc).Routes.Single().Route_;
        echo.RetryPolicy.NumRetries.Should().Be(2u);
        echo.Timeout.Seconds.Should().Be(3);
        routes.VirtualHosts.Single(host => host.Name == GatewayModels.Web).Routes.Single().Route_.Timeout.Seconds.Should().Be(0, "no policy: no route timeout");
    }

    [Fact]
    public void TranslateIngress_ClustersAndAssignments_OutboundNamesLocalFirstAndHttp2ForGrpc()
    {
        var model = GatewayModels.ClusterSet();

        var resources = GatewayTranslator.TranslateIngress(model, "east");

        var clusters = Decode<Cluster>(resources);
        clusters.Select(c => c.Name).Should().BeEquivalentTo(GatewayModels.EchoGrpc, GatewayModels.EchoHttp, GatewayModels.Web, GatewayModels.Stream);
        Http2(clusters.Single(c => c.Name == GatewayModels.EchoGrpc)).Should().BeTrue();
        Http2(clusters.Single(c => c.Name == GatewayModels.Stream)).Should().BeTrue();
        Http2(clusters.Single(c => c.Name == GatewayModels.EchoHttp)).Should().BeFalse();
        Http2(clusters.Single(c => c.Name == GatewayModels.Web)).Should().BeFalse("appProtocol HTTP is HTTP/1.1");
        var assignments = Decode<ClusterLoadAssignment>(resources);
        var proxyless = ClusterSetTranslator.Translate(model, "east").OfType<ClusterLoadAssignment>();
        assignments.Select(a => a.ToByteString()).Should().Equal(proxyless.Select(a => a.ToByteString()), "the ingress sees what proxyless nodes of its cluster see");
        var echo = assignments.Single(a => a.ClusterName == GatewayModels.EchoGrpc);
        echo.Endpoints.Single(l => l.Locality.SubZone == "east").Priority.Should().Be(0u);
        echo.Endpoints.Single(l => l.Locality.SubZone == "west").Priority.Should().Be(1u);
        Snapshot.Create(resources).Consistent().IsConsistent.Should().BeTrue();
    }

    [Theory]
    [InlineData("grpc", true)]
    [InlineData("GRPC", true)]
    [InlineData("h2c", true)]
    [InlineData("kubernetes.io/h2c", true)]
    [InlineData("HTTP2", true)]
    [InlineData("http", false)]
    [InlineData("kubernetes.io/ws", false)]
    [InlineData(null, false)]
    public void TranslateIngress_AppProtocol_Http2UpstreamOnlyForHttp2Protocols(string? appProtocol, bool http2)
    {
        var model = new ClusterSetModel([new ServiceModel("demo", "svc", [new ServicePortModel("p", 1234, AppProtocol: appProtocol)])], [], []);

        var cluster = Decode<Cluster>(GatewayTranslator.TranslateIngress(model, "east")).Single();

        Http2(cluster).Should().Be(http2);
    }

    private static bool Http2(Cluster cluster)
    {
        if (!cluster.TypedExtensionProtocolOptions.TryGetValue(HttpProtocolOptionsKey, out var any))
        {
            return false;
        }

        var options = any.Unpack<HttpProtocolOptions>();
        return options.ExplicitHttpConfig?.Http2ProtocolOptions is not null;
    }

    /// <summary>Every resource of type <typeparamref name="T"/>, decoded again from its wire bytes.</summary>
    private static List<T> Decode<T>(IEnumerable<IMessage> resources)
        where T : IMessage<T>, new()
    {
        var parser = new MessageParser<T>(() => new T());
        return [.. resources.OfType<T>().Select(message => parser.ParseFrom(message.ToByteString()))];
    }
}
