namespace Tdcc.Mesh.ApiServer.Metrics;

/// <summary>One container's usage over the window: CPU in nanocores, memory working set in bytes.</summary>
public sealed record ContainerUsage(string Name, long CpuNanoCores, long MemoryBytes);
