using System.Collections.Immutable;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Mcs.Api;
using Tdcc.Mesh.Mcs.Hosting;
using Tdcc.Mesh.Mcs.Import;

namespace Tdcc.Mesh.Mcs.Tests.Import;

public sealed class ImportedSlicesTests
{
    private static EndpointSlice HubSlice(string source) => new()
    {
        Metadata = new ObjectMeta
        {
            Namespace = "tdcc-cluster-" + source,
            Name = "demo.web.web-abc",
            Labels = ImmutableDictionary<string, string>.Empty
                .Add(McsLabels.SourceCluster, source).Add(McsLabels.ServiceNamespace, "demo").Add(McsLabels.ServiceName, "web"),
        },
        AddressType = "IPv4",
        Endpoints =
        [
            new Endpoint { Addresses = ["10.1.0.1"], Hostname = "web-0", Conditions = new EndpointConditions { Ready = false } },
            new Endpoint { Addresses = ["10.1.0.2"], Conditions = new EndpointConditions { Ready = true } },
        ],
        Ports = [new EndpointPort { Name = "http", Port = 8080, Protocol = "TCP" }],
    };

    private static readonly McsAgentOptions Flat = new() { ClusterId = "west", HubNamespace = "tdcc-cluster-west" };

    private static readonly McsAgentOptions Gateway = Flat with
    {
        AddressingMode = EndpointAddressingMode.Gateway,
        GatewayAddress = "192.168.5.5",
        GatewayPort = 15443,
    };

    [Fact]
    public void ToMember_Flat_KeepsRemoteAddressesAndLabels()
    {
        var slice = ImportedSlices.ToMember(Flat, "demo", "web", HubSlice("east"));

        slice.Metadata.Namespace.Should().Be("demo");
        slice.Metadata.Labels.Should().Contain(McsLabels.ServiceName, "web")
            .And.Contain(McsLabels.SourceCluster, "east")
            .And.Contain(McsLabels.KubernetesServiceName, McsNames.DerivedService("demo", "web"))
            .And.Contain(McsLabels.ManagedBy, "tdcc-mesh.io");
        slice.Endpoints.Select(e => e.Addresses.Single()).Should().Equal("10.1.0.1", "10.1.0.2");
        slice.Endpoints[0].Hostname.Should().Be("web-0");
    }

    private static ServiceImport HubImport(string? gatewayPorts, params ServiceImportPort[] ports) => new()
    {
        Metadata = new ObjectMeta
        {
            Namespace = McsNames.DefaultImportsNamespace,
            Name = "demo.web",
            Annotations = gatewayPorts is null ? null : ImmutableDictionary<string, string>.Empty.Add(McsLabels.GatewayPortsAnnotation, gatewayPorts),
        },
        Spec = new ServiceImportSpec
        {
            Type = ServiceImportTypes.ClusterSetIP,
            Ports = ports.Length == 0 ? [new ServiceImportPort { Name = "http", Port = 80, Protocol = "TCP" }] : [.. ports],
        },
    };

    [Fact]
    public void ToMember_GatewayRemoteCluster_OneEndpointAtTheGatewayOnTheAllocatedListenPort()
    {
        var slice = ImportedSlices.ToMember(Gateway, "demo", "web", HubSlice("east"), HubImport("80=31234"));

        slice.Endpoints.Should().ContainSingle().Which.Addresses.Should().Equal("192.168.5.5");
        slice.Endpoints[0].Conditions!.Ready.Should().BeTrue();
        slice.Ports!.Value.Single().Should().BeEquivalentTo(new EndpointPort { Name = "http", Port = 31234, Protocol = "TCP" });
        slice.Metadata.Labels![McsLabels.SourceCluster].Should().Be("east");
    }

    [Fact]
    public void ToMember_GatewayRemoteClusterSeveralPorts_EachPortItsOwnListenPortByName()
    {
        var hubSlice = HubSlice("east") with
        {
            Ports = [new EndpointPort { Name = "http", Port = 8080, Protocol = "TCP" }, new EndpointPort { Name = "grpc", Port = 9090 }, new EndpointPort { Name = "dns", Port = 53, Protocol = "UDP" }],
        };
        var hubImport = HubImport(
            "80=31000,90=31001",
            new ServiceImportPort { Name = "http", Port = 80 },
            new ServiceImportPort { Name = "grpc", Port = 90 },
            new ServiceImportPort { Name = "dns", Port = 53, Protocol = "UDP" });

        var slice = ImportedSlices.ToMember(Gateway, "demo", "web", hubSlice, hubImport);

        slice.Ports!.Value.Select(p => (p.Name, p.Port)).Should().Equal(("http", 31000), ("grpc", 31001));
        slice.Endpoints.Should().ContainSingle();
    }

    [Theory]
    [InlineData(null)]
    [InlineData("81=31000")]
    public void ToMember_GatewayRemoteClusterWithoutListenPort_NoEndpointsYet(string? gatewayPorts)
    {
        var slice = ImportedSlices.ToMember(Gateway, "demo", "web", HubSlice("east"), HubImport(gatewayPorts));

        slice.Endpoints.Should().BeEmpty("the gateway does not listen for the port yet");
        slice.Metadata.Labels![McsLabels.SourceCluster].Should().Be("east");
    }

    [Fact]
    public void ToMember_GatewayLocalCluster_KeepsPodAddresses()
    {
        var slice = ImportedSlices.ToMember(Gateway, "demo", "web", HubSlice("west"), HubImport("80=31234"));

        slice.Endpoints.Should().HaveCount(2);
        slice.Ports!.Value.Single().Port.Should().Be(8080);
    }

    [Fact]
    public void Validate_GatewayWithoutAddress_Throws()
    {
        var act = () => (Flat with { AddressingMode = EndpointAddressingMode.Gateway }).Validate();

        act.Should().Throw<ArgumentException>().WithMessage("*GatewayAddress*");
    }
}
