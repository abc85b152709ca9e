using System.Collections.Immutable;
using Tdcc.Mesh.Clusters.Agent;
using Tdcc.Mesh.Kube.Model;

namespace Tdcc.Mesh.Clusters.Tests.Agent;

public sealed class MemberCapacityTests
{
    [Fact]
    public void RequestsByNode_BoundRunningPods_SummedPerNodeWithoutTerminatedOrUnboundOnes()
    {
        Pod[] pods =
        [
            Pod("a", "node-1", "Running", Requests("250m", "64Mi")),
            Pod("b", "node-1", "Pending", Requests("750m", "64Mi")),
            Pod("done", "node-1", "Succeeded", Requests("4", "1Gi")),
            Pod("unbound", null, "Pending", Requests("4", "1Gi")),
            Pod("c", "node-2", "Running", Requests("1", "1Gi")),
        ];

        var byNode = MemberCapacity.RequestsByNode(pods);

        byNode.Keys.Should().BeEquivalentTo("node-1", "node-2");
        byNode["node-1"]["cpu"].Should().Be("1");
        byNode["node-1"]["memory"].Should().Be("128Mi");
        byNode["node-1"]["pods"].Should().Be("2");
        byNode["node-2"]["pods"].Should().Be("1");
    }

    [Fact]
    public void PodRequests_InitContainerLargerThanContainers_CountsTheLargest()
    {
        var spec = new PodSpec
        {
            Containers = [Container(Requests("100m", "64Mi")), Container(Requests("100m", "64Mi"))],
            InitContainers = [Container(Requests("500m", "32Mi"))],
        };

        var requests = MemberCapacity.PodRequests(spec);

        requests["cpu"].Should().Be("500m");
        requests["memory"].Should().Be("128Mi");
        requests["pods"].Should().Be("1");
    }

    [Fact]
    public void Group_ThousandEqualNodes_OneGroupOfThousand_PastTheLimit_Null()
    {
        var equal = Enumerable.Range(0, 1000).Select(i => Node($"n{i}", "4")).ToList();
        var empty = new Dictionary<string, ImmutableDictionary<string, string>>();

        var groups = MemberCapacity.Group(equal, empty);

        groups.Should().NotBeNull();
        groups!.Value.Should().ContainSingle().Which.Count.Should().Be(1000);

        var distinct = Enumerable.Range(1, MemberCapacity.MaxNodeGroups + 1).Select(i => Node($"d{i}", i.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToList();
        MemberCapacity.Group(distinct, empty).Should().BeNull("more distinct nodes than the limit report only the totals");
    }

    private static ImmutableDictionary<string, string> Requests(string cpu, string memory) =>
        ImmutableDictionary<string, string>.Empty.Add("cpu", cpu).Add("memory", memory);

    private static Container Container(ImmutableDictionary<string, string> requests) =>
        new() { Name = "c", Image = "x", Resources = new ResourceRequirements { Requests = requests } };

    private static Pod Pod(string name, string? node, string phase, ImmutableDictionary<string, string> requests) => new()
    {
        Metadata = new ObjectMeta { Name = name, Namespace = "default" },
        Spec = new PodSpec { NodeName = node, Containers = [Container(requests)] },
        Status = new PodStatus { Phase = phase },
    };

    private static Node Node(string name, string cpu) => new()
    {
        Metadata = new ObjectMeta { Name = name },
        Status = new NodeStatus { Allocatable = ImmutableDictionary<string, string>.Empty.Add("cpu", cpu).Add("memory", "8Gi").Add("pods", "110") },
    };
}
