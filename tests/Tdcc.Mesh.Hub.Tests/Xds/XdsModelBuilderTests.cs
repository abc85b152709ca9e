using System.Collections.Immutable;
using Tdcc.Mesh.Agent;
using Tdcc.Mesh.Hub.Clusters;
using Tdcc.Mesh.Hub.Xds;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Mcs.Api;
using Tdcc.Mesh.MeshModel;

namespace Tdcc.Mesh.Hub.Tests.Xds;

public sealed class XdsModelBuilderTests
{
    private static readonly IReadOnlyList<ClusterLocalityModel> Localities = [new("east", "east", "east-a"), new("west", "west", "west-a")];

    [Fact]
    public void Build_ImportAndSliceCopies_ServicePortsAndEndpointsPerSourceCluster()
    {
        var import = new ServiceImport
        {
            Metadata = new ObjectMeta { Name = "demo.echo", Namespace = McsNames.DefaultImportsNamespace },
            Spec = new ServiceImportSpec { Type = "ClusterSetIP", Ports = [new ServiceImportPort { Name = "grpc", Port = 9090, Protocol = "TCP", AppProtocol = "grpc" }] },
        };
        var model = XdsModelBuilder.Build([import], [Slice("east", "demo", "echo", ("127.10.1.1", true), ("127.10.1.2", false)), Slice("west", "demo", "other", ("127.11.1.1", true))], Localities);

        model.Services.Should().ContainSingle().Which.Should().BeEquivalentTo(new ServiceModel("demo", "echo", [new ServicePortModel("grpc", 9090, "TCP", "grpc")]));
        var endpoints = model.Endpoints.Should().ContainSingle().Subject;
        endpoints.SourceCluster.Should().Be("east");
        endpoints.Ports.Should().Equal(new EndpointPortModel("grpc", 9090, "TCP"));
        endpoints.Endpoints.Select(e => (e.Addresses[0], e.Ready, e.Zone)).Should().Equal(("127.10.1.1", true, "east-a"), ("127.10.1.2", false, "east-a"));
        model.Localities.Should().BeSameAs(Localities);
    }

    [Fact]
    public void Build_SliceLabelledWithTheClustersUid_EndpointsBelongToTheClusterOfItsHubNamespace()
    {
        // On real clusters the cluster id (the source-cluster label) is the kube-system namespace's uid, but the
        // ManagedCluster, its locality and its gateway are known by the member's name.
        var import = new ServiceImport
        {
            Metadata = new ObjectMeta { Name = "demo.echo", Namespace = McsNames.DefaultImportsNamespace },
            Spec = new ServiceImportSpec { Type = "ClusterSetIP", Ports = [new ServiceImportPort { Name = "grpc", Port = 9090, Protocol = "TCP" }] },
        };
        var slice = Slice("east", "demo", "echo", ("127.10.1.1", true));
        slice = slice with { Metadata = slice.Metadata with { Labels = slice.Metadata.Labels!.SetItem(McsLabels.SourceCluster, "4dfdd2b5-82dc-48bc-b9f5-25fa3f43625d") } };

        var model = XdsModelBuilder.Build([import], [slice], Localities);

        model.Endpoints.Should().ContainSingle().Which.SourceCluster.Should().Be("east");
    }

    [Fact]
    public void Build_ImportWithGatewayPortsAndGateways_ListenPortsPerServicePortAndTheMembersGateways()
    {
        var import = new ServiceImport
        {
            Metadata = new ObjectMeta
            {
                Name = "demo.echo",
                Namespace = McsNames.DefaultImportsNamespace,
                Annotations = ImmutableDictionary<string, string>.Empty.Add(McsLabels.GatewayPortsAnnotation, "9090=31001"),
            },
            Spec = new ServiceImportSpec
            {
                Type = "ClusterSetIP",
                Ports = [new ServiceImportPort { Name = "grpc", Port = 9090, Protocol = "TCP", AppProtocol = "grpc" }, new ServiceImportPort { Name = "http", Port = 8080 }],
            },
        };
        IReadOnlyList<ClusterGatewayModel> gateways = [new("east", "192.0.2.1", 15443), new("west", null, 15443)];

        var model = XdsModelBuilder.Build([import], [], Localities, gateways: gateways);

        model.Services.Single().Ports.Select(p => (p.Port, p.GatewayPort)).Should().Equal((9090, 31001), (8080, (int?)null));
        model.Gateways.Should().BeSameAs(gateways);
    }

    [Fact]
    public void Build_NetworkPolicyInTheServicesNamespace_ServiceGetsItsAccessRules_OthersNone()
    {
        ServiceImport Import(string name) => new()
        {
            Metadata = new ObjectMeta { Name = "demo." + name, Namespace = McsNames.DefaultImportsNamespace },
            Spec = new ServiceImportSpec { Type = "ClusterSetIP", Ports = [new ServiceImportPort { Name = "http", Port = 8080, Protocol = "TCP", AppProtocol = "http" }] },
        };
        var policy = new Policy.Api.MultiClusterNetworkPolicy
        {
            Metadata = new ObjectMeta { Namespace = "demo", Name = "deny-west" },
            Spec = new Policy.Api.MultiClusterNetworkPolicySpec
            {
                TargetRefs = [new Policy.Api.PolicyTargetReference { Name = "echo" }],
                Rules = [new Policy.Api.NetworkPolicyRule { Action = "Deny", From = [new Policy.Api.NetworkPolicySource { Clusters = ["west"] }] }],
            },
        };

        var model = XdsModelBuilder.Build([Import("echo"), Import("other")], [Slice("east", "demo", "echo", ("127.10.1.1", true))], Localities, networkPolicies: [policy]);

        var echo = model.Services.Single(s => s.Name == "echo").Access!;
        echo.DefaultAction.Should().Be(AccessAction.Allow);
        echo.Rules.Should().ContainSingle().Which.Should().BeEquivalentTo(new AccessRuleModel("demo/deny-west", "rule-0", AccessAction.Deny, [new AccessSourceModel(Clusters: ["west"])], []));
        model.Services.Single(s => s.Name == "other").Access.Should().BeNull();
    }

    [Fact]
    public void NodeLocality_NodesWithTopologyLabels_RegionAndFirstZone()
    {
        var nodes = new[] { "b", "a" }.Select(z => new Node
        {
            Metadata = new ObjectMeta { Name = "n-" + z, Labels = ImmutableDictionary<string, string>.Empty.Add(NodeLocality.RegionLabel, "eu").Add(NodeLocality.ZoneLabel, "eu-" + z) },
        });

        NodeLocality.Of(nodes).Should().Be(("eu", "eu-a"));
        NodeLocality.Of([]).Should().Be(((string?)null, (string?)null));
    }

    [Fact]
    public void FromLabels_ReportedOrMissing_LocalityOrClusterName()
    {
        var labels = ImmutableDictionary<string, string>.Empty.Add(ClusterLocalities.RegionLabel, "eu").Add(ClusterLocalities.ZoneLabel, "eu-a");

        ClusterLocalities.FromLabels("east", labels).Should().Be(new ClusterLocalityModel("east", "eu", "eu-a"));
        ClusterLocalities.FromLabels("west", null).Should().Be(new ClusterLocalityModel("west", "west", "west"));
    }

    private static EndpointSlice Slice(string cluster, string ns, string service, params (string Ip, bool Ready)[] endpoints) => new()
    {
        Metadata = new ObjectMeta
        {
            Name = $"{ns}.{service}.{cluster}",
            Namespace = "tdcc-cluster-" + cluster,
            Labels = ImmutableDictionary<string, string>.Empty
                .Add(McsLabels.SourceCluster, cluster).Add(McsLabels.ServiceNamespace, ns).Add(McsLabels.ServiceName, service)
                .Add(McsLabels.ManagedBy, McsLabels.ManagedByValue),
        },
        AddressType = "IPv4",
        Ports = [new EndpointPort { Name = "grpc", Port = 9090, Protocol = "TCP" }],
        Endpoints = [.. endpoints.Select(e => new Endpoint { Addresses = [e.Ip], Conditions = new EndpointConditions { Ready = e.Ready }, Zone = cluster + "-a" })],
    };
}
