using Tdcc.Mesh.Cli.Inspect;
using Tdcc.Mesh.Clusters.Model;
using Tdcc.Mesh.Kube.Model;

namespace Tdcc.Mesh.Sandbox.Tests.Cli;

/// <summary>How <c>kubectl tdcc clusters</c> reads a ManagedCluster's conditions and heartbeat.</summary>
public sealed class ClusterSummaryTests
{
    [Theory]
    [InlineData(null, null, null, "Pending")]
    [InlineData("True", "False", null, "Ready")]
    [InlineData("False", "True", null, "Offline")]
    [InlineData("False", null, null, "Offline")]
    [InlineData("False", "True", "True", "Withdrawn")]
    public void StatusOf_Conditions_ReadyOfflineWithdrawnOrPending(string? ready, string? offline, string? withdrawn, string expected)
    {
        var conditions = new List<Condition>();
        Add(ClusterConditions.Ready, ready);
        Add(ClusterConditions.Offline, offline);
        Add(ClusterConditions.Withdrawn, withdrawn);

        ClusterSummary.StatusOf(new ManagedCluster { Status = new ManagedClusterStatus { Conditions = [.. conditions] } }).Should().Be(expected);

        void Add(string type, string? status)
        {
            if (status is not null)
            {
                conditions.Add(new Condition { Type = type, Status = status });
            }
        }
    }

    [Fact]
    public void Of_LeaseAndStatus_LastSeenFromTheLeaseElseTheHubsStatus()
    {
        var renewed = new DateTimeOffset(2026, 12, 6, 22, 0, 5, TimeSpan.Zero);
        var judged = renewed.AddSeconds(-10);
        var cluster = new ManagedCluster
        {
            Metadata = new ObjectMeta { Name = "east", Labels = System.Collections.Immutable.ImmutableDictionary<string, string>.Empty.Add(ClusterSummary.RegionLabel, "eu").Add(ClusterSummary.ZoneLabel, "eu-1") },
            Status = new ManagedClusterStatus { LastSeen = judged, NodeCount = 3, Capacity = System.Collections.Immutable.ImmutableDictionary<string, string>.Empty.Add("cpu", "12").Add("memory", "24Gi") },
        };

        var withLease = ClusterSummary.Of(cluster, new Lease { Spec = new LeaseSpec { RenewTime = renewed } });
        var withoutLease = ClusterSummary.Of(cluster, null);

        withLease.LastSeen.Should().Be(renewed);
        withoutLease.LastSeen.Should().Be(judged);
        withLease.Region.Should().Be("eu");
        withLease.Zone.Should().Be("eu-1");
        withLease.Cpu.Should().Be("12");
        withLease.Memory.Should().Be("24Gi");
        withLease.ToJson()["lastSeen"]!.GetValue<DateTimeOffset>().Should().Be(renewed);
    }
}
