namespace Tdcc.Mesh.MeshModel;

/// <summary>Circuit breaker thresholds (gRPC clients honour MaxRequests).</summary>
public sealed record CircuitBreakerModel(
    uint? MaxConnections = null,
    uint? MaxPendingRequests = null,
    uint? MaxRequests = null,
    uint? MaxRetries = null);
