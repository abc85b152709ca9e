using System.Collections.Immutable;
using System.Net;
using Tdcc.Mesh.Dns.Zones;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Mcs.Api;
using Tdcc.Mesh.Mcs.Dns;

namespace Tdcc.Mesh.Mcs.Tests.Dns;

public sealed class ZoneRecordsTests
{
    [Fact]
    public void Build_HeadlessImportWithSlices_EndpointsPerSourceCluster()
    {
        var import = new ServiceImport
        {
            Metadata = new ObjectMeta { Namespace = "demo", Name = "db" },
            Spec = new ServiceImportSpec { Type = ServiceImportTypes.Headless, Ports = [new ServiceImportPort { Name = "sql", Protocol = "TCP", Port = 5432 }] },
        };
        var slice = new EndpointSlice
        {
            Metadata = new ObjectMeta
            {
                Namespace = "demo",
                Name = "x",
                Labels = ImmutableDictionary<string, string>.Empty
                    .Add(McsLabels.ServiceName, "db").Add(McsLabels.SourceCluster, "east").Add(McsLabels.ManagedBy, McsLabels.ManagedByValue),
            },
            Endpoints = [new Endpoint { Addresses = ["10.1.0.1"], Hostname = "db-0", Conditions = new EndpointConditions { Ready = false } }],
        };

        var set = ZoneRecords.Build([import], [slice]).Single();

        set.Type.Should().Be(ServiceType.Headless);
        set.Ports.Should().Equal(new ServicePortRecord("sql", "TCP", 5432));
        set.Endpoints.Should().ContainSingle();
        set.Endpoints[0].ClusterId.Should().Be("east");
        set.Endpoints[0].Hostname.Should().Be("db-0");
        set.Endpoints[0].Addresses.Should().Equal(IPAddress.Parse("10.1.0.1"));
        set.Endpoints[0].Ready.Should().BeFalse();
    }

    [Fact]
    public void Build_ClusterSetIpImport_UsesSpecIps()
    {
        var import = new ServiceImport
        {
            Metadata = new ObjectMeta { Namespace = "demo", Name = "web" },
            Spec = new ServiceImportSpec { Type = ServiceImportTypes.ClusterSetIP, Ips = ["10.96.0.10"], Ports = [new ServiceImportPort { Port = 80 }] },
        };

        var set = ZoneRecords.Build([import], []).Single();

        set.Type.Should().Be(ServiceType.ClusterSetIP);
        set.ClusterSetIps.Should().Equal(IPAddress.Parse("10.96.0.10"));
        set.Ports.Should().Equal(new ServicePortRecord(null, "TCP", 80));
    }
}
