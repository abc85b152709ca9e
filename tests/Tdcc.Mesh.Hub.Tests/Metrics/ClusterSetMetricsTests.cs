using System.Collections.Immutable;
using Tdcc.Mesh.Clusters.Model;
using Tdcc.Mesh.Hub.Metrics;
using Tdcc.Mesh.Kube.Model;

namespace Tdcc.Mesh.Hub.Tests.Metrics;

public sealed class ClusterSetMetricsTests
{
    [Theory]
    [InlineData(null, null, null, "joining")]
    [InlineData("False", null, null, "joining")]
    [InlineData("True", "True", null, "ready")]
    [InlineData("True", "False", null, "offline")]
    [InlineData("True", "False", "True", "withdrawn")]
    [InlineData("True", "True", "False", "ready")]
    public void StateOf_Conditions_TheDashboardsState(string? joined, string? ready, string? withdrawn, string expected)
    {
        var conditions = new[] { (ClusterConditions.Joined, joined), (ClusterConditions.Ready, ready), (ClusterConditions.Withdrawn, withdrawn) }
            .Where(c => c.Item2 is not null)
            .Select(c => new Condition { Type = c.Item1, Status = c.Item2! })
            .ToImmutableArray();
        var cluster = new ManagedCluster { Metadata = new ObjectMeta { Name = "east" }, Status = new ManagedClusterStatus { Conditions = conditions } };

        ClusterSetMetrics.StateOf(cluster).Should().Be(expected);
    }
}
