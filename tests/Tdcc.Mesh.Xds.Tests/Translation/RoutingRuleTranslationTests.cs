using Envoy.Config.Cluster.V3;
using Envoy.Config.Endpoint.V3;
using Envoy.Config.Route.V3;
using Envoy.Type.Matcher.V3;
using Google.Protobuf.Collections;
using Tdcc.Mesh.MeshModel;
using Tdcc.Mesh.Xds.Cache;
using Tdcc.Mesh.Xds.Translation;
using static Tdcc.Mesh.Xds.Tests.Translation.RoutingRuleModels;

namespace Tdcc.Mesh.Xds.Tests.Translation;

/// <summary>The routing rules of a service port in the proxyless RouteConfigurations.</summary>
public sealed class RoutingRuleTranslationTests
{
    [Fact]
    public void Translate_Rules_OneRoutePerMatchInRuleOrderAndNoCatchAll()
    {
        var rules = new[]
        {
            new RouteRuleModel("GRPCRoute demo/split rule 0", [Header("x-canary", "true"), Header("x-tester", "yes")], [CanaryBackend()]),
            new RouteRuleModel("GRPCRoute demo/split rule 1", [new RouteMatchModel(new PathMatchModel(PathMatchKind.Prefix, "/tdcc.echo.v1.EchoService/"))], [EchoBackend()]),
        };

        var routes = RoutesOf(ClusterSet(rules), Echo);

        routes.Select(route => route.Name).Should().Equal(
            "GRPCRoute demo/split rule 0 match 0",
            "GRPCRoute demo/split rule 0 match 1",
            "GRPCRoute demo/split rule 1 match 0");
        routes.Select(route => route.Route_.Cluster).Should().Equal(Canary, Canary, Echo);
        routes.Should().NotContain(route => route.Match.Prefix == "/" && route.Match.Headers.Count == 0, "a port with rules routes only what they match (GAMMA)");
        routes[0].Match.Headers.Should().ContainSingle().Which.Name.Should().Be("x-canary");
        routes[1].Match.Headers.Should().ContainSingle().Which.Name.Should().Be("x-tester", "the matches of a rule are alternatives");
    }

    [Fact]
    public void Translate_RuleWithoutMatchesOrName_OneRouteForEveryPath()
    {
        var routes = RoutesOf(ClusterSet([new RouteRuleModel(string.Empty, [], [EchoBackend()])]), Echo);

        var route = routes.Should().ContainSingle().Subject;
        route.Name.Should().Be("rule 0 match 0");
        route.Match.Prefix.Should().Be("/");
        route.Match.Headers.Should().BeEmpty();
    }

    [Fact]
    public void Translate_MatchWithPathAndHeaders_AllConditionsInOneRouteMatch()
    {
        var match = new RouteMatchModel(
            new PathMatchModel(PathMatchKind.RegularExpression, "/tdcc\\.echo\\.v1\\.EchoService/.*"),
            [new HeaderMatchModel("X-Canary", "true"), new HeaderMatchModel("x-version", "v[12]", HeaderMatchKind.RegularExpression)]);

        var route = RoutesOf(ClusterSet([new RouteRuleModel("both", [match], [CanaryBackend()])]), Echo).Single();

        route.Match.SafeRegex.Regex.Should().Be("/tdcc\\.echo\\.v1\\.EchoService/.*");
        route.Match.SafeRegex.EngineTypeCase.Should().Be(RegexMatcher.EngineTypeOneofCase.None, "google_re2 is deprecated");
        route.Match.Headers.Should().HaveCount(2);
        var exact = route.Match.Headers[0];
        exact.Name.Should().Be("x-canary", "gRPC metadata keys are lower case");
        exact.HeaderMatchSpecifierCase.Should().Be(HeaderMatcher.HeaderMatchSpecifierOneofCase.StringMatch);
        exact.StringMatch.Exact.Should().Be("true");
        exact.StringMatch.IgnoreCase.Should().BeFalse();
        var regex = route.Match.Headers[1];
        regex.HeaderMatchSpecifierCase.Should().Be(HeaderMatcher.HeaderMatchSpecifierOneofCase.StringMatch);
        regex.StringMatch.SafeRegex.Regex.Should().Be("v[12]");
    }

    [Theory]
    [InlineData(PathMatchKind.Exact, "/tdcc.echo.v1.EchoService/Echo", RouteMatch.PathSpecifierOneofCase.Path)]
    [InlineData(PathMatchKind.Prefix, "/tdcc.echo.v1.EchoService/", RouteMatch.PathSpecifierOneofCase.Prefix)]
    [InlineData(PathMatchKind.RegularExpression, "/tdcc.echo.v1.EchoService/E.*", RouteMatch.PathSpecifierOneofCase.SafeRegex)]
    public void Translate_PathKinds_MatchingPathSpecifier(PathMatchKind kind, string value, RouteMatch.PathSpecifierOneofCase expected)
    {
        var route = RoutesOf(ClusterSet([new RouteRuleModel("path", [new RouteMatchModel(new PathMatchModel(kind, value))], [EchoBackend()])]), Echo).Single();

        route.Match.PathSpecifierCase.Should().Be(expected);
        (route.Match.Path + route.Match.Prefix + route.Match.SafeRegex?.Regex).Should().Be(value);
    }

    [Fact]
    public void Translate_TwoWeightedBackends_WeightedClustersInBackendOrder()
    {
        var route = RoutesOf(ClusterSet([new RouteRuleModel("split", [], [EchoBackend(80), CanaryBackend(20)])]), Echo).Single();

        route.Route_.ClusterSpecifierCase.Should().Be(RouteAction.ClusterSpecifierOneofCase.WeightedClusters);
        route.Route_.WeightedClusters.Clusters.Select(cluster => (cluster.Name, cluster.Weight)).Should().Equal((Echo, 80u), (Canary, 20u));
    }

    [Fact]
    public void Translate_ZeroWeightBackend_DroppedLeavingSingleCluster()
    {
        var route = RoutesOf(ClusterSet([new RouteRuleModel("moved", [], [EchoBackend(0), CanaryBackend(100)])]), Echo).Single();

        route.Route_.ClusterSpecifierCase.Should().Be(RouteAction.ClusterSpecifierOneofCase.Cluster);
        route.Route_.Cluster.Should().Be(Canary);
    }

    [Fact]
    public void Translate_UnresolvedBackends_Dropped()
    {
        RouteBackendModel[] backends =
        [
            new("demo", "missing", 9090, 50),
            new("other", "echo", 9090, 50),
            new("demo", "echo-canary", 9999, 50),
            EchoBackend(10),
            CanaryBackend(30),
        ];

        var route = RoutesOf(ClusterSet([new RouteRuleModel("partly broken", [], backends)]), Echo).Single();

        route.Route_.WeightedClusters.Clusters.Select(cluster => (cluster.Name, cluster.Weight)).Should().Equal((Echo, 10u), (Canary, 30u));
    }

    [Fact]
    public void Translate_SameBackendTwice_WeightsAddUp()
    {
        var route = RoutesOf(ClusterSet([new RouteRuleModel("twice", [], [CanaryBackend(5), EchoBackend(10), CanaryBackend(15)])]), Echo).Single();

        route.Route_.WeightedClusters.Clusters.Select(cluster => (cluster.Name, cluster.Weight)).Should().Equal((Canary, 20u), (Echo, 10u));
    }

    [Fact]
    public void Translate_WeightsAboveUInt32_ScaledDownToFit()
    {
        var route = RoutesOf(ClusterSet([new RouteRuleModel("huge", [], [EchoBackend(uint.MaxValue), CanaryBackend(uint.MaxValue / 3)])]), Echo).Single();

        var weights = route.Route_.WeightedClusters.Clusters.Select(cluster => (ulong)cluster.Weight!.Value).ToList();
        weights.Sum(weight => (decimal)weight).Should().BeLessThanOrEqualTo(uint.MaxValue, "gRPC rejects a route whose weights add up beyond uint32");
        ((double)weights[0] / weights[1]).Should().BeApproximately(3.0, 0.01);
    }

    [Theory]
    [InlineData(0u)]
    [InlineData(null)]
    public void Translate_NoUsableBackend_ProxylessRouteToEmptyNoBackendCluster(uint? weight)
    {
        RouteBackendModel[] backends = weight is { } w ? [EchoBackend(w), CanaryBackend(w)] : [new("demo", "missing", 9090)];
        var model = ClusterSet([new RouteRuleModel("broken", [Header("x-broken", "1")], backends), new RouteRuleModel("rest", [], [EchoBackend()])]);

        var resources = ClusterSetTranslator.Translate(model, "east");

        var routes = resources.OfType<RouteConfiguration>().Single(route => route.Name == Echo).VirtualHosts.Single().Routes;
        routes[0].ActionCase.Should().Be(Route.ActionOneofCase.Route_, "grpc-js-xds 1.14.1 NACKs a direct_response");
        routes[0].Route_.Cluster.Should().Be(ServiceNames.NoBackendCluster);
        routes[0].Route_.RetryPolicy.Should().BeNull();
        routes[1].Route_.Cluster.Should().Be(Echo);
        resources.OfType<Cluster>().Should().ContainSingle(cluster => cluster.Name == ServiceNames.NoBackendCluster)
            .Which.EdsClusterConfig.ServiceName.Should().Be(ServiceNames.NoBackendCluster);
        resources.OfType<ClusterLoadAssignment>().Should().ContainSingle(assignment => assignment.ClusterName == ServiceNames.NoBackendCluster)
            .Which.Endpoints.Should().BeEmpty();
        Snapshot.Create(resources).Consistent().IsConsistent.Should().BeTrue();
    }

    [Fact]
    public void Translate_EveryRuleHasABackend_NoStandInCluster()
    {
        var resources = ClusterSetTranslator.Translate(ClusterSet([new RouteRuleModel("fine", [], [EchoBackend()])]), "east");

        resources.OfType<Cluster>().Should().NotContain(cluster => cluster.Name == ServiceNames.NoBackendCluster);
        resources.OfType<ClusterLoadAssignment>().Should().NotContain(assignment => assignment.ClusterName == ServiceNames.NoBackendCluster);
    }

    [Fact]
    public void Translate_RuleTimeoutAndRetries_OverrideTheServicePolicy()
    {
        var servicePolicy = new TrafficPolicyModel(Retries: new RetryPolicyModel(3), Timeout: TimeSpan.FromSeconds(2));
        var rules = new[]
        {
            new RouteRuleModel("slow", [Header("x-slow", "1")], [EchoBackend()], Timeout: TimeSpan.FromSeconds(30)),
            new RouteRuleModel("retry more", [Header("x-retry", "1")], [EchoBackend()], Retries: new RetryPolicyModel(5, RetryOn: "unavailable")),
            new RouteRuleModel("default", [], [EchoBackend()]),
        };

        var routes = RoutesOf(ClusterSet(rules, servicePolicy), Echo);

        routes[0].Route_.Timeout.Seconds.Should().Be(30);
        routes[0].Route_.MaxStreamDuration.MaxStreamDuration_.Seconds.Should().Be(30, "gRPC clients read the max stream duration");
        routes[0].Route_.RetryPolicy.NumRetries.Should().Be(3);
        routes[1].Route_.Timeout.Seconds.Should().Be(2);
        routes[1].Route_.RetryPolicy.NumRetries.Should().Be(5);
        routes[1].Route_.RetryPolicy.RetryOn.Should().Be("unavailable");
        routes[2].Route_.Timeout.Seconds.Should().Be(2);
        routes[2].Route_.RetryPolicy.NumRetries.Should().Be(3);
    }

    [Fact]
    public void Translate_RuleTimeoutWithoutServicePolicy_TimeoutOnly()
    {
        var route = RoutesOf(ClusterSet([new RouteRuleModel("slow", [], [EchoBackend()], Timeout: TimeSpan.FromSeconds(7))]), Echo).Single();

        route.Route_.Timeout.Seconds.Should().Be(7);
        route.Route_.RetryPolicy.Should().BeNull();
    }

    [Fact]
    public void Translate_PortWithoutRules_KeepsOneRouteToItsOwnCluster()
    {
        var model = ClusterSet([new RouteRuleModel("canary only", [], [CanaryBackend()])]);

        RoutesOf(model, EchoAdmin).Should().ContainSingle().Which.Route_.Cluster.Should().Be(EchoAdmin);
        RoutesOf(model, Canary).Should().ContainSingle().Which.Match.Prefix.Should().Be("/");
    }

    [Fact]
    public void Translate_PortWithEmptyRuleList_NoRoutes()
    {
        RoutesOf(ClusterSet([]), Echo).Should().BeEmpty("an attached route without rules matches nothing, so everything is rejected");
    }

    [Fact]
    public void TranslatePerCluster_WithRules_SnapshotsConsistentAndRoutesShared()
    {
        var model = ClusterSet([new RouteRuleModel("split", [Header("x-canary", "true")], [EchoBackend(80), CanaryBackend(20)])]);

        var snapshots = ClusterSetTranslator.TranslatePerCluster(model, ["east", "west"]);

        snapshots.Values.Should().OnlyContain(snapshot => snapshot.Consistent().IsConsistent);
        snapshots["east"].Get(TypeUrls.RouteConfiguration).Version.Should().Be(snapshots["west"].Get(TypeUrls.RouteConfiguration).Version);
    }

    private static RepeatedField<Route> RoutesOf(ClusterSetModel model, string name) =>
        ClusterSetTranslator.Translate(model, "east").OfType<RouteConfiguration>().Single(route => route.Name == name).VirtualHosts.Single().Routes;
}
