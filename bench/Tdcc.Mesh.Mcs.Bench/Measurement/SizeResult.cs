namespace Tdcc.Mesh.Mcs.Bench.Measurement;

/// <summary>What one clusterset size measured.</summary>
/// <param name="Services">Exported services (each exported by one member, imported by every member).</param>
/// <param name="Members">Member clusters.</param>
/// <param name="EndpointsPerService">Endpoints in each exported slice.</param>
/// <param name="SetupWrites">Objects the benchmark created in the members (Service, EndpointSlice, ServiceExport per service).</param>
/// <param name="SetupWritesTime">Wall time of those creates.</param>
/// <param name="SliceConvergence">From the first create to every member holding every imported slice with every endpoint.</param>
/// <param name="DnsConvergence">From the first create to every member's DNS answering every service with every endpoint.</param>
/// <param name="ConvergenceCpu">CPU time of the whole process from the first create to DNS convergence.</param>
/// <param name="ImportsPerMember">ServiceImports listed in each member after convergence (the lowest).</param>
/// <param name="ConvergenceZoneBuilds">clusterset.local zones each member's agent built and swapped in during convergence (the mean over members).</param>
/// <param name="ConvergenceZoneNames">The names of the zones all members built during convergence, summed.</param>
/// <param name="ChangeZoneBuilds">Zones built per member while the changes ran (the mean over members).</param>
/// <param name="Slice">Per change: from just before the write to the last other member's imported slice showing it.</param>
/// <param name="Dns">Per change: from just before the write to the last other member's DNS answer showing it.</param>
/// <param name="Missed">Changes that did not reach every other member within the change timeout (left out of the figures).</param>
/// <param name="ZoneBuild">One zone build of this size alone, measured before the clusterset started.</param>
/// <param name="Memory">The process before the clusterset started and after convergence.</param>
internal sealed record SizeResult(
    int Services,
    int Members,
    int EndpointsPerService,
    int SetupWrites,
    TimeSpan SetupWritesTime,
    TimeSpan SliceConvergence,
    TimeSpan DnsConvergence,
    TimeSpan ConvergenceCpu,
    int ImportsPerMember,
    double ConvergenceZoneBuilds,
    long ConvergenceZoneNames,
    double ChangeZoneBuilds,
    LatencySummary Slice,
    LatencySummary Dns,
    int Missed,
    ZoneBuildCost ZoneBuild,
    MemorySample Memory);
