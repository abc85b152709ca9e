namespace Tdcc.Mesh.Xds.Bench.Measurement;

/// <summary>
/// Managed allocations and garbage collections over an interval (or their mean over several). Counts include the
/// collections of higher generations: a gen2 collection also counts as gen1 and gen0.
/// </summary>
/// <param name="AllocatedBytes">Bytes allocated (<see cref="GC.GetTotalAllocatedBytes"/>, precise).</param>
/// <param name="Gen0">Gen0 collections.</param>
/// <param name="Gen1">Gen1 collections.</param>
/// <param name="Gen2">Gen2 (full) collections.</param>
/// <param name="PauseMs">Time the runtime was paused for collections.</param>
internal sealed record GcActivity(double AllocatedBytes, double Gen0, double Gen1, double Gen2, double PauseMs)
{
    public static GcActivity None { get; } = new(0, 0, 0, 0, 0);

    /// <summary>The mean of several intervals.</summary>
    public static GcActivity Mean(IReadOnlyCollection<GcActivity> intervals)
    {
        ArgumentNullException.ThrowIfNull(intervals);
        if (intervals.Count == 0)
        {
            return None;
        }

        return new GcActivity(
            intervals.Average(i => i.AllocatedBytes),
            intervals.Average(i => i.Gen0),
            intervals.Average(i => i.Gen1),
            intervals.Average(i => i.Gen2),
            intervals.Average(i => i.PauseMs));
    }
}
