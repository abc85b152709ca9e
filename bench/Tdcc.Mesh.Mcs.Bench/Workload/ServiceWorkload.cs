using System.Collections.Immutable;
using System.Globalization;

namespace Tdcc.Mesh.Mcs.Bench.Workload;

/// <summary>
/// The services of one run: service <c>i</c> lives in namespace <c>mcs-bench-(i mod namespaces)</c> and is exported
/// by member <c>i mod members</c>, with endpoints at distinct addresses <c>10.(member+1).x.y</c>.
/// </summary>
internal sealed class ServiceWorkload
{
    public ServiceWorkload(int services, int members, int endpointsPerService, int namespaces)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(services);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(services * endpointsPerService, 65_536, nameof(services));
        Namespaces = [.. Enumerable.Range(0, namespaces).Select(n => "mcs-bench-" + n.ToString(CultureInfo.InvariantCulture))];
        Services = [.. Enumerable.Range(0, services).Select(i => new BenchService(
            Namespaces[i % namespaces],
            "svc-" + i.ToString("D4", CultureInfo.InvariantCulture),
            i % members,
            [.. Enumerable.Range(0, endpointsPerService).Select(e => Address(i % members, (i * endpointsPerService) + e))]))];
    }

    public ImmutableArray<string> Namespaces { get; }

    public ImmutableArray<BenchService> Services { get; }

    private static string Address(int member, int index) =>
        string.Create(CultureInfo.InvariantCulture, $"10.{member + 1}.{index / 256}.{index % 256}");
}
