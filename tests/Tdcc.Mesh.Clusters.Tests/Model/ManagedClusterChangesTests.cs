using System.Collections.Immutable;
using Tdcc.Mesh.Clusters.Model;
using Tdcc.Mesh.Kube.Model;

namespace Tdcc.Mesh.Clusters.Tests.Model;

public sealed class ManagedClusterChangesTests
{
    private static readonly DateTimeOffset Seen = new(2026, 12, 7, 20, 0, 0, TimeSpan.Zero);

    private static readonly ManagedCluster Cluster = new()
    {
        Metadata = new ObjectMeta { Name = "east", ResourceVersion = "10", Labels = ImmutableDictionary<string, string>.Empty.Add("topology.kubernetes.io/region", "eu") },
        Spec = new ManagedClusterSpec { ClusterId = "east" },
        Status = new ManagedClusterStatus
        {
            LastSeen = Seen,
            NodeCount = 3,
            Conditions = [new Condition { Type = "Ready", Status = "True", Reason = "HeartbeatReceived" }],
        },
    };

    [Fact]
    public void BeyondHeartbeat_OnlyLastSeenAndResourceVersionMoved_False()
    {
        var beat = Cluster with
        {
            Metadata = Cluster.Metadata with { ResourceVersion = "11" },
            Status = Cluster.Status! with { LastSeen = Seen.AddSeconds(10) },
        };

        ManagedClusterChanges.BeyondHeartbeat(Cluster, beat).Should().BeFalse();
    }

    [Fact]
    public void BeyondHeartbeat_ConditionLabelOrCapacityChanged_True()
    {
        var offline = Cluster with { Status = Cluster.Status! with { Conditions = [new Condition { Type = "Ready", Status = "False", Reason = "HeartbeatMissed" }] } };
        var moved = Cluster with { Metadata = Cluster.Metadata with { Labels = Cluster.Metadata.Labels!.SetItem("topology.kubernetes.io/region", "us") } };
        var grown = Cluster with { Status = Cluster.Status! with { NodeCount = 4, LastSeen = Seen.AddSeconds(10) } };

        ManagedClusterChanges.BeyondHeartbeat(Cluster, offline).Should().BeTrue();
        ManagedClusterChanges.BeyondHeartbeat(Cluster, moved).Should().BeTrue();
        ManagedClusterChanges.BeyondHeartbeat(Cluster, grown).Should().BeTrue();
    }
}
