using System.Text.Json;
using Tdcc.Mesh.Clusters.Model;

namespace Tdcc.Mesh.Clusters.Tests.Json;

public sealed class ClustersJsonContextTests
{
    [Fact]
    public void ManagedCluster_RoundTrip_WritesTheSameBytes()
    {
        const string json = """{"apiVersion":"clusters.tdcc.io/v1alpha1","kind":"ManagedCluster","metadata":{"name":"member-1","creationTimestamp":"2024-01-02T03:04:05Z"},"spec":{"clusterId":"c-1","syncMode":"Pull","future":1},"status":{"kubernetesVersion":"v1.31.4","conditions":[{"type":"Ready","status":"True","lastTransitionTime":"2024-01-02T03:04:05.123456Z","reason":"Heartbeat"}],"lastSeen":"2024-01-02T03:04:06Z"}}""";

        var cluster = JsonSerializer.Deserialize(json, ManagedCluster.JsonTypeInfo)!;

        JsonSerializer.Serialize(cluster, ManagedCluster.JsonTypeInfo).Should().Be(json);
    }

    [Fact]
    public void ManagedCluster_OffsetTimes_WrittenAsUtcWithFractionOnlyWhenPresent()
    {
        var cluster = new ManagedCluster { Status = new ManagedClusterStatus { LastSeen = new DateTimeOffset(2024, 1, 2, 5, 4, 5, TimeSpan.FromHours(2)) } };
        var fractional = cluster with { Status = new ManagedClusterStatus { LastSeen = new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.Zero).AddTicks(1_234_560) } };

        JsonSerializer.Serialize(cluster, ManagedCluster.JsonTypeInfo).Should().Contain("\"lastSeen\":\"2024-01-02T03:04:05Z\"");
        JsonSerializer.Serialize(fractional, ManagedCluster.JsonTypeInfo).Should().Contain("\"lastSeen\":\"2024-01-02T03:04:05.123456Z\"");
    }

    [Fact]
    public void ManagedCluster_NullTaints_StayNull()
    {
        var cluster = JsonSerializer.Deserialize("""{"spec":{"taints":null}}""", ManagedCluster.JsonTypeInfo)!;

        cluster.Spec!.Taints.Should().BeNull();
    }

    [Fact]
    public void ClusterProperty_RoundTrip_WritesTheSameBytes()
    {
        const string json = """{"apiVersion":"about.k8s.io/v1beta1","kind":"ClusterProperty","metadata":{"name":"cluster.clusterset.k8s.io","creationTimestamp":"2024-01-02T03:04:05Z"},"spec":{"value":"east"}}""";

        var property = JsonSerializer.Deserialize(json, ClusterProperty.JsonTypeInfo)!;

        JsonSerializer.Serialize(property, ClusterProperty.JsonTypeInfo).Should().Be(json);
    }
}
