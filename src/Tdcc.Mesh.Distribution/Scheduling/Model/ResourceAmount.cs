namespace Tdcc.Mesh.Distribution.Scheduling.Model;

/// <summary>An amount of the resources the scheduler counts: CPU in millicores, memory in bytes, and pod slots.</summary>
public readonly record struct ResourceAmount(long MilliCpu, long MemoryBytes, long Pods)
{
    /// <summary>Nothing.</summary>
    public static ResourceAmount Zero => default;

    public static ResourceAmount operator +(ResourceAmount left, ResourceAmount right) =>
        new(left.MilliCpu + right.MilliCpu, left.MemoryBytes + right.MemoryBytes, left.Pods + right.Pods);

    public static ResourceAmount operator -(ResourceAmount left, ResourceAmount right) =>
        new(left.MilliCpu - right.MilliCpu, left.MemoryBytes - right.MemoryBytes, left.Pods - right.Pods);

    /// <summary>The sum (the named alternative of <c>+</c>).</summary>
    public static ResourceAmount Add(ResourceAmount left, ResourceAmount right) => left + right;

    /// <summary>The difference (the named alternative of <c>-</c>).</summary>
    public static ResourceAmount Subtract(ResourceAmount left, ResourceAmount right) => left - right;
}
