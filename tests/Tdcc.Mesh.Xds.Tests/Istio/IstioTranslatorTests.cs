using System.Text.Json.Nodes;
using Tdcc.Mesh.MeshModel;
using Tdcc.Mesh.Testing;
using Tdcc.Mesh.Xds.Istio;
using Tdcc.Mesh.Xds.Protos.Istio.Networking;
using Tdcc.Mesh.Xds.Translation;

namespace Tdcc.Mesh.Xds.Tests.Istio;

public sealed class IstioTranslatorTests
{
    private static readonly IstioOptions Networks = new(new Dictionary<string, string> { ["east"] = "net-east", ["west"] = "net-west" });

    [Fact]
    public void ForCluster_Echo_ServiceEntryForTheClusterSetHost()
    {
        var objects = IstioTranslator.ForCluster(IstioModels.ClusterSet(), "east", Networks);

        var entry = Spec<ServiceEntry>(objects, IstioKinds.ServiceEntry, "echo-clusterset");
        entry.Hosts.Should().Equal("echo.demo.svc.clusterset.local");
        entry.Location.Should().Be(ServiceEntry.Types.Location.MeshInternal);
        entry.Resolution.Should().Be(ServiceEntry.Types.Resolution.Static);
        entry.Ports.Select(p => (p.Number, p.Name, p.Protocol)).Should().Equal((9090u, "grpc", "GRPC"), (8080u, "http", "HTTP"));
        entry.WorkloadSelector.Labels.Should().Equal(new Dictionary<string, string> { [IstioLabels.ClusterSetService] = "echo" });
        entry.Addresses.Should().BeEmpty("the hub does not know the member's ClusterSetIP unless told");
    }

    [Fact]
    public void ForCluster_ClusterSetIpsGiven_AddressesSet()
    {
        var options = Networks with { ClusterSetIps = (cluster, ns, name) => cluster == "east" && name == "echo" ? ["10.96.0.42"] : null };

        var entry = Spec<ServiceEntry>(IstioTranslator.ForCluster(IstioModels.ClusterSet(), "east", options), IstioKinds.ServiceEntry, "echo-clusterset");

        entry.Addresses.Should().Equal("10.96.0.42");
    }

    [Fact]
    public void ForCluster_PortWithoutNameOrAppProtocol_TcpAndGeneratedName()
    {
        var entry = Spec<ServiceEntry>(IstioTranslator.ForCluster(IstioModels.ClusterSet(), "east"), IstioKinds.ServiceEntry, "db-clusterset");

        entry.Ports.Select(p => (p.Number, p.Name, p.Protocol)).Should().Equal((5432u, "tcp-5432", "TCP"));
    }

    [Fact]
    public void ForCluster_OwnReadyEndpoints_OneWorkloadEntryEachInTheOwnNetwork()
    {
        var objects = IstioTranslator.ForCluster(IstioModels.ClusterSet(), "east", Networks);

        var local = objects.Where(o => o.Kind == IstioKinds.WorkloadEntry && ((WorkloadEntry)o.Spec).Labels[IstioLabels.SourceCluster] == "east").ToList();
        local.Select(o => o.Name).Should().Equal("echo-clusterset-east-10-0-0-1");
        var workload = (WorkloadEntry)local[0].Spec;
        workload.Address.Should().Be("10.0.0.1");
        workload.Ports.Should().Equal(new Dictionary<string, uint> { ["grpc"] = 19090, ["http"] = 18080 });
        workload.Network.Should().Be("net-east");
        workload.Locality.Should().Be("us-east/us-east-1a");
        workload.Labels.Should().Contain(IstioLabels.ClusterSetService, "echo").And.Contain(IstioLabels.TlsMode, "istio");
    }

    [Fact]
    public void ForCluster_OtherClustersServe_OneWorkloadEntryAtTheOwnGateway()
    {
        var objects = IstioTranslator.ForCluster(IstioModels.ClusterSet(), "east", Networks);

        var gateway = Spec<WorkloadEntry>(objects, IstioKinds.WorkloadEntry, "echo-clusterset-gateway");
        gateway.Address.Should().Be("192.168.0.10", "east's sidecars enter the tunnel at east's own gateway");
        gateway.Ports.Should().Equal(new Dictionary<string, uint> { ["grpc"] = 30090, ["http"] = 30080 });
        gateway.Network.Should().Be("net-east");
        gateway.Locality.Should().Be("us-east/us-east-1a/" + IstioLabels.ViaGateway);
        gateway.Weight.Should().Be(2u, "west has two ready endpoints");
        gateway.Labels.Should().Contain(IstioLabels.SourceCluster, IstioLabels.ViaGateway).And.NotContainKey(IstioLabels.TlsMode);
    }

    [Fact]
    public void ForCluster_NoListenPortYet_NoGatewayEntry()
    {
        var objects = IstioTranslator.ForCluster(IstioModels.ClusterSet(), "east", Networks);

        objects.Should().NotContain(o => o.Name == "db-clusterset-gateway");
        objects.Should().Contain(o => o.Kind == IstioKinds.ServiceEntry && o.Name == "db-clusterset");
    }

    [Fact]
    public void ForCluster_OtherClusterWeightZero_NoGatewayEntry()
    {
        var policy = new TrafficPolicyModel(ClusterWeights: new Dictionary<string, uint> { ["west"] = 0 });

        var objects = IstioTranslator.ForCluster(IstioModels.ClusterSet(policy), "east", Networks);

        objects.Should().NotContain(o => o.Name == "echo-clusterset-gateway");
    }

    [Fact]
    public void ForCluster_WestView_OwnPodsAndGatewayForEast()
    {
        var objects = IstioTranslator.ForCluster(IstioModels.ClusterSet(), "west", Networks);

        objects.Where(o => o.Kind == IstioKinds.WorkloadEntry).Select(o => o.Name).Should().BeEquivalentTo(
            "echo-clusterset-west-10-1-0-1", "echo-clusterset-west-10-1-0-2", "echo-clusterset-gateway", "db-clusterset-west-10-1-0-9");
        Spec<WorkloadEntry>(objects, IstioKinds.WorkloadEntry, "echo-clusterset-gateway").Weight.Should().Be(1u, "east has one ready endpoint");
    }

    [Fact]
    public void ForCluster_TrafficPolicy_DestinationRule()
    {
        var policy = new TrafficPolicyModel(
            OutlierDetection: new OutlierDetectionModel(3, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(20), 50),
            CircuitBreaker: new CircuitBreakerModel(MaxConnections: 100, MaxPendingRequests: 10, MaxRequests: 200, MaxRetries: 3));

        var rule = Spec<DestinationRule>(IstioTranslator.ForCluster(IstioModels.ClusterSet(policy), "east"), IstioKinds.DestinationRule, "echo-clusterset");

        rule.Host.Should().Be("echo.demo.svc.clusterset.local");
        rule.TrafficPolicy.OutlierDetection.Consecutive5XxErrors.Should().Be(3u);
        rule.TrafficPolicy.OutlierDetection.Interval.ToTimeSpan().Should().Be(TimeSpan.FromSeconds(5));
        rule.TrafficPolicy.OutlierDetection.BaseEjectionTime.ToTimeSpan().Should().Be(TimeSpan.FromSeconds(20));
        rule.TrafficPolicy.OutlierDetection.MaxEjectionPercent.Should().Be(50);
        rule.TrafficPolicy.LoadBalancer.LocalityLbSetting.Enabled.Should().BeTrue();
        rule.TrafficPolicy.LoadBalancer.Simple.Should().Be(LoadBalancerSettings.Types.SimpleLB.RoundRobin);
        rule.TrafficPolicy.ConnectionPool.Tcp.MaxConnections.Should().Be(100);
        rule.TrafficPolicy.ConnectionPool.Http.Http1MaxPendingRequests.Should().Be(10);
        rule.TrafficPolicy.ConnectionPool.Http.Http2MaxRequests.Should().Be(200);
        rule.TrafficPolicy.ConnectionPool.Http.MaxRetries.Should().Be(3);
        rule.TrafficPolicy.Tls.Should().BeNull("automatic mutual TLS: ISTIO_MUTUAL to the pods, plain to the gateway's listen ports");
    }

    [Fact]
    public void ForCluster_NoPolicy_OutlierDetectionDefaultsSoFailoverApplies()
    {
        var rule = Spec<DestinationRule>(IstioTranslator.ForCluster(IstioModels.ClusterSet(), "east"), IstioKinds.DestinationRule, "db-clusterset");

        rule.TrafficPolicy.OutlierDetection.Consecutive5XxErrors.Should().Be(5u);
        rule.TrafficPolicy.LoadBalancer.LocalityLbSetting.Enabled.Should().BeTrue();
        rule.TrafficPolicy.ConnectionPool.Should().BeNull();
    }

    [Fact]
    public void ForCluster_FailoverOffAndRingHash_DisabledAndConsistentHash()
    {
        var policy = new TrafficPolicyModel(LocalityFailover: false, LoadBalancer: LoadBalancerKind.RingHash);

        var rule = Spec<DestinationRule>(IstioTranslator.ForCluster(IstioModels.ClusterSet(policy), "east"), IstioKinds.DestinationRule, "echo-clusterset");

        rule.TrafficPolicy.LoadBalancer.LocalityLbSetting.Enabled.Should().BeFalse();
        rule.TrafficPolicy.LoadBalancer.ConsistentHash.UseSourceIp.Should().BeTrue();
    }

    [Fact]
    public void Translate_IstiodGroups_ShareServiceEntriesAndDestinationRulesOwnWorkloadEntries()
    {
        var snapshots = NodeGroupTranslator.Translate(IstioModels.ClusterSet(), ["east", "west"], istio: Networks);
        var east = snapshots["istiod/east"];
        var west = snapshots["istiod/west"];

        east.Get(IstioKinds.ServiceEntryType).Items["demo/echo-clusterset"].Should().BeSameAs(west.Get(IstioKinds.ServiceEntryType).Items["demo/echo-clusterset"], "serialized once for every member");
        east.Get(IstioKinds.DestinationRuleType).Items["demo/echo-clusterset"].Should().BeSameAs(west.Get(IstioKinds.DestinationRuleType).Items["demo/echo-clusterset"]);
        east.Get(IstioKinds.WorkloadEntryType).Items.Keys.Should().Contain("demo/echo-clusterset-east-10-0-0-1").And.NotContain("demo/echo-clusterset-west-10-1-0-1");
        west.Get(IstioKinds.WorkloadEntryType).Items.Keys.Should().Contain("demo/echo-clusterset-west-10-1-0-1").And.NotContain("demo/echo-clusterset-east-10-0-0-1");
    }

    [Fact]
    public void Translate_ClusterSetIps_EachMemberItsOwnServiceEntry()
    {
        var options = Networks with { ClusterSetIps = (cluster, _, _) => [cluster == "east" ? "10.96.0.1" : "10.97.0.1"] };

        var snapshots = NodeGroupTranslator.Translate(IstioModels.ClusterSet(), ["east", "west"], istio: options);

        Address(snapshots["istiod/east"]).Should().Be("10.96.0.1");
        Address(snapshots["istiod/west"]).Should().Be("10.97.0.1");

        static string Address(Tdcc.Mesh.Xds.Cache.Snapshot snapshot) =>
            ((Protos.Istio.Mcp.Resource)snapshot.Get(IstioKinds.ServiceEntryType).Items["demo/echo-clusterset"].Message).Body.Unpack<ServiceEntry>().Addresses.Single();
    }

    [Fact]
    public void ToJson_ServiceEntry_KubernetesShape()
    {
        var entry = IstioTranslator.ForCluster(IstioModels.ClusterSet(), "east").First(o => o.Kind == IstioKinds.ServiceEntry && o.Name == "echo-clusterset");

        var json = entry.ToJson();

        ((string?)json["apiVersion"]).Should().Be("networking.istio.io/v1");
        ((string?)json["kind"]).Should().Be("ServiceEntry");
        ((string?)json["metadata"]!["namespace"]).Should().Be("demo");
        ((string?)json["metadata"]!["labels"]![IstioLabels.ManagedBy]).Should().Be("tdcc-mesh");
        ((string?)json["spec"]!["location"]).Should().Be("MESH_INTERNAL");
        ((string?)json["spec"]!["resolution"]).Should().Be("STATIC");
        ((string?)json["spec"]!["workloadSelector"]!["labels"]![IstioLabels.ClusterSetService]).Should().Be("echo");
    }

    [Fact]
    public void ToResource_WorkloadEntry_NamespacedNameAndBody()
    {
        var entry = IstioTranslator.ForCluster(IstioModels.ClusterSet(), "east", Networks).First(o => o.Name == "echo-clusterset-gateway");

        var resource = IstioMcp.ToResource(entry);

        resource.Metadata.Name.Should().Be("demo/echo-clusterset-gateway");
        resource.Metadata.Version.Should().NotBeEmpty();
        resource.Metadata.Labels.Should().Contain(IstioLabels.ManagedBy, "tdcc-mesh");
        resource.Body.TypeUrl.Should().Be("type.googleapis.com/istio.networking.v1alpha3.WorkloadEntry");
        IstioMcp.Body<WorkloadEntry>(resource).Should().Be(entry.Spec);
    }

    [PeerFact("node:@kubernetes-models/istio")]
    [Trait("Peer", "node")]
    public async Task ForCluster_EveryObject_ValidAgainstUpstreamIstioSchemas()
    {
        RequirePeer.Present("node:@kubernetes-models/istio");
        var policy = new TrafficPolicyModel(
            OutlierDetection: new OutlierDetectionModel(3, TimeSpan.FromMilliseconds(1500), TimeSpan.FromSeconds(20), 50),
            CircuitBreaker: new CircuitBreakerModel(100, 10, 200, 3),
            LoadBalancer: LoadBalancerKind.RingHash);
        var objects = new[] { "east", "west" }
            .SelectMany(cluster => IstioTranslator.ForCluster(IstioModels.ClusterSet(policy), cluster, Networks with { ClusterSetIps = (_, _, _) => ["10.96.0.42"] }))
            .Concat(IstioTranslator.ForCluster(IstioModels.ClusterSet(), "east"))
            .ToList();
        objects.Select(o => o.Kind).Distinct().Should().BeEquivalentTo(IstioKinds.ServiceEntry, IstioKinds.WorkloadEntry, IstioKinds.DestinationRule);

        var (exitCode, output) = await ValidateAsync(new JsonArray([.. objects.Select(o => o.ToJson())]));

        exitCode.Should().Be(0, output);
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().HaveCount(objects.Count).And.OnlyContain(line => line.Contains("\"ok\":true", StringComparison.Ordinal));
    }

    [PeerFact("node:@kubernetes-models/istio")]
    [Trait("Peer", "node")]
    public async Task Validator_BrokenObject_Rejected()
    {
        RequirePeer.Present("node:@kubernetes-models/istio");
        var broken = IstioTranslator.ForCluster(IstioModels.ClusterSet(), "east").First(o => o.Kind == IstioKinds.ServiceEntry).ToJson();
        broken["spec"]!["location"] = "NOWHERE";

        var (exitCode, output) = await ValidateAsync(new JsonArray(broken));

        exitCode.Should().Be(1, output);
        output.Should().Contain("\"ok\":false").And.Contain("location");
    }

    private static async Task<(int ExitCode, string Output)> ValidateAsync(JsonArray objects)
    {
        var result = await PeerTools.RunAsync(
            PeerTools.FindExecutable("node")!,
            ["validate-istio-objects.mjs"],
            standardInput: objects.ToJsonString(),
            workingDirectory: Path.Combine(PeerTools.RepoRoot, "tests", "node"),
            timeout: TimeSpan.FromSeconds(60));
        return (result.ExitCode, result.StandardOutput + result.StandardError);
    }

    private static T Spec<T>(IReadOnlyList<IstioObject> objects, string kind, string name) =>
        (T)objects.Single(o => o.Kind == kind && o.Name == name).Spec;
}
