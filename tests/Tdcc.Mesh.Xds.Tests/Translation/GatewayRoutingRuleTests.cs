using Envoy.Config.Route.V3;
using Google.Protobuf.Collections;
using Tdcc.Mesh.MeshModel;
using Tdcc.Mesh.Xds.Translation;
using static Tdcc.Mesh.Xds.Tests.Translation.RoutingRuleModels;

namespace Tdcc.Mesh.Xds.Tests.Translation;

/// <summary>The routing rules of a service port in the gateways' RouteConfigurations.</summary>
public sealed class GatewayRoutingRuleTests
{
    [Fact]
    public void TranslateIngress_Rules_SameRoutesToTheIngressClusters()
    {
        var rules = new[]
        {
            new RouteRuleModel("canary", [Header("x-canary", "true")], [CanaryBackend()]),
            new RouteRuleModel("split", [], [EchoBackend(80), CanaryBackend(20)]),
        };

        var routes = IngressRoutes(ClusterSet(rules), Echo);

        routes.Select(route => route.Name).Should().Equal("canary match 0", "split match 0");
        routes[0].Match.Headers.Single().StringMatch.Exact.Should().Be("true");
        routes[0].Route_.Cluster.Should().Be(Canary);
        routes[1].Route_.WeightedClusters.Clusters.Select(cluster => (cluster.Name, cluster.Weight)).Should().Equal((Echo, 80u), (Canary, 20u));
        routes.Should().OnlyContain(route => route.Route_.Timeout.Seconds == 0 && route.Route_.Timeout.Nanos == 0, "Envoy's 15 s default would cut streams");
    }

    [Fact]
    public void TranslateIngress_NoUsableBackend_DirectResponse500()
    {
        var routes = IngressRoutes(ClusterSet([new RouteRuleModel("broken", [], [new RouteBackendModel("demo", "missing", 9090)])]), Echo);

        var route = routes.Should().ContainSingle().Subject;
        route.ActionCase.Should().Be(Route.ActionOneofCase.DirectResponse);
        route.DirectResponse.Status.Should().Be(500u);
    }

    [Fact]
    public void TranslateIngress_RuleTimeoutAndRetries_OverrideTheServicePolicy()
    {
        var policy = new TrafficPolicyModel(Retries: new RetryPolicyModel(2), Timeout: TimeSpan.FromSeconds(2));
        var rule = new RouteRuleModel("slow", [], [EchoBackend()], Timeout: TimeSpan.FromSeconds(9), Retries: new RetryPolicyModel(4));

        var route = IngressRoutes(ClusterSet([rule], policy), Echo).Single();

        route.Route_.Timeout.Seconds.Should().Be(9);
        route.Route_.RetryPolicy.NumRetries.Should().Be(4);
    }

    [Fact]
    public void TranslateEastWest_Rules_InboundClustersOfExportedBackendsOnlyAndNoRetries()
    {
        var rule = new RouteRuleModel("split", [], [EchoBackend(80), CanaryBackend(20)], Retries: new RetryPolicyModel(4));

        var east = EastWestRoutes(ClusterSet([rule]), "east", Echo).Single();
        var west = EastWestRoutes(ClusterSet([rule]), "west", Echo).Single();

        east.Route_.Cluster.Should().Be(GatewayNames.InboundCluster("demo", "echo", 9090), "east does not export echo-canary, so that backend is dropped");
        east.Route_.RetryPolicy.Should().BeNull("the caller retries");
        west.Route_.WeightedClusters.Clusters.Select(cluster => cluster.Name).Should().Equal(
            GatewayNames.InboundCluster("demo", "echo", 9090),
            GatewayNames.InboundCluster("demo", "echo-canary", 9090));
        west.Route_.RetryPolicy.Should().BeNull();
    }

    [Fact]
    public void TranslateIngress_PortWithoutRules_OneRouteToItsCluster()
    {
        var routes = IngressRoutes(ClusterSet([new RouteRuleModel("canary", [], [CanaryBackend()])]), EchoAdmin);

        routes.Should().ContainSingle().Which.Route_.Cluster.Should().Be(EchoAdmin);
    }

    private static RepeatedField<Route> IngressRoutes(ClusterSetModel model, string virtualHost) =>
        GatewayTranslator.TranslateIngress(model, "east").OfType<RouteConfiguration>().Single()
            .VirtualHosts.Single(host => host.Name == virtualHost).Routes;

    private static RepeatedField<Route> EastWestRoutes(ClusterSetModel model, string cluster, string virtualHost) =>
        GatewayTranslator.TranslateEastWest(model, cluster).OfType<RouteConfiguration>().Single()
            .VirtualHosts.Single(host => host.Name == virtualHost).Routes;
}
