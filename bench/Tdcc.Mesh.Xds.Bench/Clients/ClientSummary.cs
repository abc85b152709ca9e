namespace Tdcc.Mesh.Xds.Bench.Clients;

/// <summary>What the client process reports when it stops.</summary>
internal sealed record ClientSummary(
    int Streams,
    int Connections,
    long Opened,
    long Failed,
    long Responses,
    long Acks,
    double CpuSeconds,
    long PeakWorkingSetBytes,
    string? FirstError);
