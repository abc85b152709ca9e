namespace Tdcc.Mesh.ApiServer.Metrics;

/// <summary>A running pod the API server asks usage for, with what its containers request.</summary>
public sealed record PodMetricsRequest(string Namespace, string Name, string Uid, IReadOnlyList<ContainerRequest> Containers);

/// <summary>One container of a pod and its requests (zero when it has none).</summary>
public sealed record ContainerRequest(string Name, long CpuMillis, long MemoryBytes);
