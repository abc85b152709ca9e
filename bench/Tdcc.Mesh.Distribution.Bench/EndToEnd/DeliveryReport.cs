using Tdcc.Mesh.Bench.Reporting;
using Tdcc.Mesh.Distribution.Bench.Measurement;

namespace Tdcc.Mesh.Distribution.Bench.EndToEnd;

/// <summary>
/// One kind of change: <see cref="EveryMember"/> per round, from the hub write until the last member applied it;
/// <see cref="OneMember"/> per member and round, until that member applied it; <see cref="HubWritten"/> per round, until
/// the hub's watch showed the last of the Subscription's Deliveries written (the hub's share of the time).
/// </summary>
internal sealed record ChangeResult(string Kind, LatencySummary EveryMember, LatencySummary OneMember, LatencySummary HubWritten);

/// <summary>Everything the delivery phase measured.</summary>
internal sealed record DeliveryReport(DateTimeOffset Started, MachineInfo Machine, double LoadAverageAtEnd, BenchOptions Options, TimeSpan Setup, IReadOnlyList<ChangeResult> Changes)
{
    /// <summary>The aim of issue 15: distribution p99 under 0.5 s at 100 clusters.</summary>
    public const double AimP99Ms = 500;
}
