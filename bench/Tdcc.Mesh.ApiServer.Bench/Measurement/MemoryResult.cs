namespace Tdcc.Mesh.ApiServer.Bench.Measurement;

/// <summary>Managed heap and working set before and after storing a number of objects.</summary>
internal sealed record MemoryResult(int Objects, int ObjectJsonBytes, int StoredJsonBytes, long HeapBefore, long HeapAfter, long WorkingSetBefore, long WorkingSetAfter, TimeSpan Elapsed)
{
    public double HeapBytesPerObject => (double)(HeapAfter - HeapBefore) / Objects;

    public double WorkingSetBytesPerObject => (double)(WorkingSetAfter - WorkingSetBefore) / Objects;

    public double HeapBytesPer100K => HeapBytesPerObject * 100_000;

    public double WorkingSetBytesPer100K => WorkingSetBytesPerObject * 100_000;

    public double ObjectsPerSecond => Elapsed > TimeSpan.Zero ? Objects / Elapsed.TotalSeconds : 0;
}
