using System.Collections.Immutable;
using Tdcc.Mesh.Clusters.Model;
using Tdcc.Mesh.Distribution.Scheduling.Model;
using Tdcc.Mesh.Hub.Distribution;
using Tdcc.Mesh.Kube.Model;

namespace Tdcc.Mesh.Hub.Tests.Distribution;

public sealed class ClusterFactsReaderTests
{
    [Fact]
    public void Read_NodeGroupsAndApiVersions_NodesExpandedWithRequestsAndApisSet()
    {
        var cluster = Cluster(new ManagedClusterStatus
        {
            Allocatable = Resources("12", "24Gi", "330"),
            Requested = Resources("1500m", "1Gi", "3"),
            NodeGroups =
            [
                new NodeResourceGroup { Count = 2, Allocatable = Resources("4", "8Gi", "110") },
                new NodeResourceGroup { Count = 1, Allocatable = Resources("4", "8Gi", "110"), Requested = Resources("1500m", "1Gi", "3") },
            ],
            ApiVersions = ["v1", "apps/v1"],
        });

        var facts = ClusterFactsReader.Read(cluster);

        facts.Nodes.Should().HaveCount(3);
        facts.Nodes[2].Free.Should().Be(new ResourceAmount(2500, 7L * 1024 * 1024 * 1024, 107));
        facts.ApiVersions.Should().BeEquivalentTo("v1", "apps/v1");
        facts.Total().Requested.MilliCpu.Should().Be(1500);
    }

    [Fact]
    public void Read_TotalsOnly_AggregateIsAllocatableWithRequested()
    {
        var facts = ClusterFactsReader.Read(Cluster(new ManagedClusterStatus { Allocatable = Resources("8", "16Gi", "220"), Requested = Resources("2", "4Gi", "20") }));

        facts.Nodes.Should().BeEmpty();
        facts.Aggregate!.Value.Free.Should().Be(new ResourceAmount(6000, 12L * 1024 * 1024 * 1024, 200));
        facts.ApiVersions.Should().BeNull("not reported: no API filtering");
    }

    private static ImmutableDictionary<string, string> Resources(string cpu, string memory, string pods) =>
        ImmutableDictionary<string, string>.Empty.Add("cpu", cpu).Add("memory", memory).Add("pods", pods);

    private static ManagedCluster Cluster(ManagedClusterStatus status) =>
        new() { Metadata = new ObjectMeta { Name = "east" }, Status = status };
}
