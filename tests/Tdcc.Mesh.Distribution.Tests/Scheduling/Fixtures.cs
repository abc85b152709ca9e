using System.Collections.Immutable;
using Tdcc.Mesh.ApiMachinery.Selectors;
using Tdcc.Mesh.Distribution.Scheduling;
using Tdcc.Mesh.Distribution.Scheduling.Model;

namespace Tdcc.Mesh.Distribution.Tests.Scheduling;

/// <summary>Clusters and requests for the scheduler tests: one-CPU pods, clusters sized in such pods.</summary>
internal static class Fixtures
{
    public const long Gi = 1L << 30;

    public static DateTimeOffset Now { get; } = new(2026, 12, 7, 3, 0, 0, TimeSpan.Zero);

    /// <summary>What one pod requests: 1 CPU, 1 GiB.</summary>
    public static ResourceAmount OnePod { get; } = new(1000, Gi, 1);

    public static ClusterScheduler Scheduler { get; } = ClusterScheduler.CreateDefault();

    /// <summary>A Ready cluster with one node that has room for <paramref name="room"/> pods of <see cref="OnePod"/>.</summary>
    public static ClusterFacts Cluster(string name, int room = 100, string? region = null, string? zone = null, params (string Key, string Value)[] labels) => new()
    {
        Name = name,
        Region = region,
        Zone = zone,
        Labels = labels.ToImmutableDictionary(l => l.Key, l => l.Value),
        Nodes = [Node(room)],
    };

    /// <summary>A node with room for <paramref name="room"/> pods of <see cref="OnePod"/> (and half a CPU more, a crumb).</summary>
    public static NodeResources Node(int room) =>
        new(new ResourceAmount((room * 1000) + 1500, (room + 2) * Gi, 110), new ResourceAmount(1000, Gi, 5));

    public static SubscriberRule Everyone(int weight = 1) => new() { Weight = weight };

    public static SubscriberRule Named(int weight, params string[] clusters) => new() { ClusterNames = [.. clusters], Weight = weight };

    public static SubscriberRule Selecting(string selector, int weight = 1) => new() { Labels = LabelSelector.Parse(selector), Weight = weight };

    public static SchedulingRequest Request(PlacementStrategy strategy, int replicas, params SubscriberRule[] subscribers) => new()
    {
        Key = "default/web",
        Strategy = strategy,
        Replicas = replicas,
        PodRequest = OnePod,
        Subscribers = subscribers.Length == 0 ? [Everyone()] : [.. subscribers],
        Now = Now,
    };

    /// <summary>The replicas per cluster of the active (not evicting) assignments.</summary>
    public static Dictionary<string, int> Replicas(this SchedulingResult result) =>
        result.Placement.Assignments.Where(a => !a.Evicting).ToDictionary(a => a.Cluster, a => a.Replicas);

    /// <summary>The request scheduled again with <paramref name="result"/> as the previous placement.</summary>
    public static SchedulingRequest After(this SchedulingRequest request, SchedulingResult result) => request with { Previous = result.Placement };
}
