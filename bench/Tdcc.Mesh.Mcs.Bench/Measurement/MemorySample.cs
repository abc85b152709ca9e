namespace Tdcc.Mesh.Mcs.Bench.Measurement;

/// <summary>Managed heap (<c>GC.GetTotalMemory(true)</c>) and working set, before and after.</summary>
internal sealed record MemorySample(long HeapBefore, long HeapAfter, long WorkingSetBefore, long WorkingSetAfter)
{
    public static (long Heap, long WorkingSet) Now()
    {
        var heap = GC.GetTotalMemory(forceFullCollection: true);
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        return (heap, process.WorkingSet64);
    }
}
