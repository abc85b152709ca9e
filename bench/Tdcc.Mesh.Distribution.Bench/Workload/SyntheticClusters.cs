using System.Collections.Immutable;
using System.Globalization;
using Tdcc.Mesh.Distribution.Scheduling.Model;
using Tdcc.Mesh.Kube.Model;

namespace Tdcc.Mesh.Distribution.Bench.Workload;

/// <summary>
/// A clusterset of synthetic members: 10 regions × 3 zones, labels env (70 % prod) and tier, 5 % tainted
/// <c>dedicated=gpu:NoSchedule</c>, 2 % not Ready for 10 minutes, 80 % serving <c>example.com/v1</c>, and 3 to 8
/// nodes each (8 to 64 CPUs, 32 to 256 GiB, 110 pods) already 0 to 90 % requested.
/// </summary>
internal static class SyntheticClusters
{
    public const long Gi = 1L << 30;

    public static ImmutableArray<ClusterFacts> Create(int count, int seed, DateTimeOffset now)
    {
        var random = new Random(seed);
        var builder = ImmutableArray.CreateBuilder<ClusterFacts>(count);
        ImmutableHashSet<string> withCrd = ["v1", "apps/v1", "example.com/v1"];
        ImmutableHashSet<string> withoutCrd = ["v1", "apps/v1"];
        for (var i = 0; i < count; i++)
        {
            var region = "r" + (i % 10).ToString(CultureInfo.InvariantCulture);
            var zone = region + "-" + (char)('a' + (i / 10 % 3));
            var ready = random.NextDouble() >= 0.02;
            builder.Add(new ClusterFacts
            {
                Name = "member-" + i.ToString("D4", CultureInfo.InvariantCulture),
                Region = region,
                Zone = zone,
                Labels = ImmutableDictionary<string, string>.Empty
                    .Add("env", random.NextDouble() < 0.7 ? "prod" : "staging")
                    .Add("tier", (random.Next(3) switch { 0 => "gold", 1 => "silver", _ => "bronze" }))
                    .Add("topology.kubernetes.io/region", region)
                    .Add("topology.kubernetes.io/zone", zone),
                Taints = random.NextDouble() < 0.05 ? [new Taint { Key = "dedicated", Value = "gpu", Effect = "NoSchedule" }] : [],
                Ready = ready,
                NotReadySince = ready ? null : now.AddMinutes(-10),
                ApiVersions = random.NextDouble() < 0.8 ? withCrd : withoutCrd,
                Nodes = [.. Enumerable.Range(0, random.Next(3, 9)).Select(_ => Node(random))],
            });
        }

        return builder.MoveToImmutable();
    }

    private static NodeResources Node(Random random)
    {
        var cpu = random.Next(8, 65) * 1000L;
        var memory = random.Next(32, 257) * Gi;
        var used = random.NextDouble() * 0.9;
        return new NodeResources(
            new ResourceAmount(cpu, memory, 110),
            new ResourceAmount((long)(cpu * used), (long)(memory * used), (long)(110 * used * 0.5)));
    }
}
