using Tdcc.Mesh.Bench.Reporting;
using Tdcc.Mesh.Xds.Bench.Cells;

namespace Tdcc.Mesh.Xds.Bench.Report;

/// <summary>Everything one run measured.</summary>
/// <param name="Options">The matrix used.</param>
/// <param name="Machine">Where it ran (load average when the run started).</param>
/// <param name="Started">When it started.</param>
/// <param name="LoadAfter">The 1-minute load average when it ended.</param>
/// <param name="Cells">One result per cell, smallest first.</param>
internal sealed record BenchReport(BenchOptions Options, MachineInfo Machine, DateTimeOffset Started, double LoadAfter, IReadOnlyList<CellResult> Cells)
{
    /// <summary>The aim: 5,000 streams × 1,000 services, p99 convergence under 1 s, under 1.5 GB.</summary>
    public const int AimStreams = 5_000;
    public const int AimServices = 1_000;
    public const double AimP99Ms = 1_000;
    public const long AimBytes = 1_500_000_000;

    /// <summary>The aim's cells, one per protocol measured.</summary>
    public IReadOnlyList<CellResult> AimCells => [.. Cells.Where(c => c.Streams == AimStreams && c.Services == AimServices)];

    /// <summary>Whether a cell met the aim.</summary>
    public static bool MeetsAim(CellResult cell)
    {
        ArgumentNullException.ThrowIfNull(cell);
        return cell.Failure is null && cell.Change.P99Ms < AimP99Ms && cell.PeakWorkingSetBytes < AimBytes;
    }
}
