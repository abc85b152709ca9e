using System.Diagnostics;
using System.Net;
using Tdcc.Mesh.Dns.Zones;
using Tdcc.Mesh.Mcs.Bench.Setup;
using Tdcc.Mesh.Mcs.Bench.Workload;

namespace Tdcc.Mesh.Mcs.Bench.Measurement;

/// <summary>
/// The cost of one <see cref="ZoneSnapshot.Build"/> of the workload's zone as the agent builds it after every change
/// (headless services, each endpoint under its source cluster), measured alone while the process is otherwise idle.
/// </summary>
internal sealed record ZoneBuildCost(int Names, TimeSpan Wall, TimeSpan Cpu, long AllocatedBytes)
{
    private const int Warmup = 3;
    private const int Builds = 10;

    public static ZoneBuildCost Measure(ServiceWorkload workload)
    {
        ArgumentNullException.ThrowIfNull(workload);
        var services = workload.Services.Select(s => new ServiceRecordSet(
            s.Namespace,
            s.Name,
            ServiceType.Headless,
            [],
            [new ServicePortRecord("http", "TCP", 80)],
            [.. s.Addresses.Select(a => new EndpointRecord(BenchClusterSet.MemberId(s.SourceMember), null, [IPAddress.Parse(a)], true))])).ToList();
        var zone = ZoneSnapshot.Empty();
        for (var i = 0; i < Warmup; i++)
        {
            zone = ZoneSnapshot.Build(services, serial: (uint)i + 1);
        }

        using var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < Builds; i++)
        {
            zone = ZoneSnapshot.Build(services, serial: (uint)i + 1);
        }

        var wall = Stopwatch.GetElapsedTime(start);
        process.Refresh();
        return new ZoneBuildCost(
            zone.NameCount,
            wall / Builds,
            (process.TotalProcessorTime - cpu) / Builds,
            (GC.GetTotalAllocatedBytes(precise: true) - allocated) / Builds);
    }
}
