using Envoy.Config.Cluster.V3;
using Envoy.Config.Endpoint.V3;
using Envoy.Config.Listener.V3;
using Envoy.Config.Route.V3;
using Envoy.Extensions.Filters.Network.HttpConnectionManager.V3;
using Tdcc.Mesh.MeshModel;
using Tdcc.Mesh.Xds.Translation;

namespace Tdcc.Mesh.Xds.Tests.Translation;

public sealed class ClusterSetTranslatorTests
{
    private const string Name = "echo.demo.svc.clusterset.local:9090";

    [Fact]
    public void Translate_GrpcService_ApiListenerWithRdsAndRouterLast()
    {
        var listener = ClusterSetTranslator.Translate(TestResources.Model(("east", "10.0.0.1", true)), "east").OfType<Listener>().Single();

        listener.Name.Should().Be(Name);
        var hcm = listener.ApiListener.ApiListener_.Unpack<HttpConnectionManager>();
        hcm.Rds.RouteConfigName.Should().Be(Name);
        hcm.Rds.ConfigSource.Ads.Should().NotBeNull();
        hcm.HttpFilters.Last().TypedConfig.TypeUrl.Should().Be("type.googleapis.com/envoy.extensions.filters.http.router.v3.Router");
    }

    [Fact]
    public void Translate_GrpcService_EdsClusterOverAds()
    {
        var cluster = ClusterSetTranslator.Translate(TestResources.Model(("east", "10.0.0.1", true)), "east").OfType<Cluster>().Single();

        cluster.Type.Should().Be(Cluster.Types.DiscoveryType.Eds);
        cluster.EdsClusterConfig.EdsConfig.Ads.Should().NotBeNull();
        cluster.EdsClusterConfig.ServiceName.Should().Be(Name);
        cluster.LbPolicy.Should().Be(Cluster.Types.LbPolicy.RoundRobin);
    }

    [Fact]
    public void Translate_RoutePolicy_VirtualHostRetriesAndTimeout()
    {
        var policy = new TrafficPolicyModel(Retries: new RetryPolicyModel(3, BaseInterval: TimeSpan.FromMilliseconds(25)), Timeout: TimeSpan.FromSeconds(2));
        var route = ClusterSetTranslator.Translate(TestResources.Model(["echo"], [("east", "10.0.0.1", true)], policy), "east").OfType<RouteConfiguration>().Single();

        var host = route.VirtualHosts.Single();
        host.Domains.Should().Contain(Name);
        var action = host.Routes.Single().Route_;
        action.Cluster.Should().Be(Name);
        action.RetryPolicy.NumRetries.Should().Be(3);
        action.Timeout.Seconds.Should().Be(2);
    }

    [Fact]
    public void Translate_TwoClusters_LocalPriorityZeroOthersOne()
    {
        var model = TestResources.Model(("east", "10.0.0.1", true), ("east", "10.0.0.2", true), ("west", "10.1.0.1", true));

        var assignment = ClusterSetTranslator.Translate(model, "west").OfType<ClusterLoadAssignment>().Single();

        assignment.Endpoints.Should().HaveCount(2);
        var west = assignment.Endpoints.Single(locality => locality.Locality.SubZone == "west");
        west.Priority.Should().Be(0u);
        west.Locality.Region.Should().Be("us-west");
        var east = assignment.Endpoints.Single(locality => locality.Locality.SubZone == "east");
        east.Priority.Should().Be(1u);
        east.LoadBalancingWeight.Should().Be(2u);
    }

    [Fact]
    public void Translate_LocalClusterHasNoReadyEndpoints_OthersArePriorityZero()
    {
        var model = TestResources.Model(("east", "10.0.0.1", false), ("west", "10.1.0.1", true));

        var assignment = ClusterSetTranslator.Translate(model, "east").OfType<ClusterLoadAssignment>().Single();

        assignment.Endpoints.Should().ContainSingle().Which.Priority.Should().Be(0u, "priorities stay contiguous from 0");
    }

    [Fact]
    public void Translate_NotReadyEndpoints_Left_Out()
    {
        var model = TestResources.Model(("east", "10.0.0.1", true), ("east", "10.0.0.2", false));

        var assignment = ClusterSetTranslator.Translate(model, "east").OfType<ClusterLoadAssignment>().Single();

        assignment.Endpoints.Single().LbEndpoints.Select(e => e.Endpoint.Address.SocketAddress.Address).Should().Equal("10.0.0.1");
    }

    [Fact]
    public void Translate_FailoverOff_AllPriorityZeroWithConfiguredWeights()
    {
        var policy = new TrafficPolicyModel(LocalityFailover: false, ClusterWeights: new Dictionary<string, uint> { ["east"] = 3, ["west"] = 1 });
        var model = TestResources.Model(["echo"], [("east", "10.0.0.1", true), ("west", "10.1.0.1", true)], policy);

        var assignment = ClusterSetTranslator.Translate(model, "east").OfType<ClusterLoadAssignment>().Single();

        assignment.Endpoints.Should().OnlyContain(locality => locality.Priority == 0);
        assignment.Endpoints.Select(locality => locality.LoadBalancingWeight).Should().BeEquivalentTo(new uint?[] { 3, 1 });
    }

    [Fact]
    public void TranslatePerCluster_SharesListenersRoutesClusters()
    {
        var snapshots = ClusterSetTranslator.TranslatePerCluster(TestResources.Model(("east", "10.0.0.1", true), ("west", "10.1.0.1", true)), ["east", "west"]);

        snapshots["east"].Get(Tdcc.Mesh.Xds.Cache.TypeUrls.Cluster).Items[Name].Should().BeSameAs(snapshots["west"].Get(Tdcc.Mesh.Xds.Cache.TypeUrls.Cluster).Items[Name]);
        snapshots["east"].GetVersion(Tdcc.Mesh.Xds.Cache.TypeUrls.ClusterLoadAssignment).Should().NotBe(snapshots["west"].GetVersion(Tdcc.Mesh.Xds.Cache.TypeUrls.ClusterLoadAssignment));
    }
}
