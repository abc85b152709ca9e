using Tdcc.Mesh.Xds.Bench.Clients;
using Tdcc.Mesh.Xds.Bench.Measurement;

namespace Tdcc.Mesh.Xds.Bench.Cells;

/// <summary>What one cell (N streams × M services) measured in the server process.</summary>
/// <param name="Protocol">SotW or delta ADS.</param>
/// <param name="Streams">ADS streams (N).</param>
/// <param name="Services">Services (M); each is one Cluster and one ClusterLoadAssignment.</param>
/// <param name="Changes">Endpoint changes planned (R).</param>
/// <param name="Failure">Why the cell stopped early (a timeout), or null when it completed.</param>
/// <param name="ConnectSeconds">From starting the client process to every stream connected and waiting for CDS.</param>
/// <param name="InitialSync">Per stream: from SetSnapshot of the first snapshots to the stream's EDS ACK.</param>
/// <param name="InitialSyncCpuSeconds">Server CPU seconds during the initial sync.</param>
/// <param name="ChangesConverged">Endpoint changes every stream ACKed in time.</param>
/// <param name="Change">Per stream and change: from SetSnapshot to the stream's ACK of the new EDS version.</param>
/// <param name="LastAck">Per change: the time until the last stream ACKed (its max).</param>
/// <param name="ChangeCpuSeconds">Server CPU seconds per change, from SetSnapshot to the last ACK (mean).</param>
/// <param name="ClientChangeCpuSeconds">Client process CPU seconds per change, over the same window (mean; the clients share the server's cores).</param>
/// <param name="InitialSyncGc">Server allocations and collections during the initial sync.</param>
/// <param name="ChangeGc">Server allocations and collections per change, from SetSnapshot to the last ACK (mean).</param>
/// <param name="TranslateMs">Translating the whole model into 3 snapshots per change, before SetSnapshot (mean).</param>
/// <param name="EdsResponseBytes">The EDS resources one node gets (packed bytes, all M services).</param>
/// <param name="WorkingSetBytes">Server process working set after the last change.</param>
/// <param name="PeakWorkingSetBytes">Server process peak working set.</param>
/// <param name="HeapBytes">Server managed heap after a full collection, streams still open.</param>
/// <param name="Nacks">NACKs the server received (expected 0).</param>
/// <param name="Gen2Collections">Full collections in the server process.</param>
/// <param name="GcPauseMs">Total GC pause time in the server process.</param>
/// <param name="Client">The client process's own figures.</param>
/// <param name="ServerGc">The server process's GC configuration (workstation or server, concurrent, DOTNET_GC* settings).</param>
internal sealed record CellResult(
    AdsProtocol Protocol,
    int Streams,
    int Services,
    int Changes,
    string? Failure,
    double ConnectSeconds,
    LatencySummary InitialSync,
    double InitialSyncCpuSeconds,
    int ChangesConverged,
    LatencySummary Change,
    LatencySummary LastAck,
    double ChangeCpuSeconds,
    double ClientChangeCpuSeconds,
    GcActivity InitialSyncGc,
    GcActivity ChangeGc,
    double TranslateMs,
    long EdsResponseBytes,
    long WorkingSetBytes,
    long PeakWorkingSetBytes,
    long HeapBytes,
    long Nacks,
    int Gen2Collections,
    double GcPauseMs,
    ClientSummary? Client,
    string ServerGc)
{
    /// <summary>A cell whose process did not report (crashed, or ended by the hard limit).</summary>
    public static CellResult Lost(CellOptions options, string failure)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new CellResult(options.Protocol, options.Streams, options.Services, options.Changes, failure, 0, LatencySummary.Empty, 0, 0,
            LatencySummary.Empty, LatencySummary.Empty, 0, 0, GcActivity.None, GcActivity.None, 0, 0, 0, 0, 0, 0, 0, 0, null, CellRunner.ServerGc());
    }
}
