namespace Tdcc.Mesh.Policy.Api;

/// <summary>Limits a client keeps towards a service; requests over the limit fail at once (gRPC clients honour maxRequests).</summary>
public sealed record CircuitBreakerSpec
{
    public int? MaxConnections { get; init; }

    public int? MaxPendingRequests { get; init; }

    public int? MaxRequests { get; init; }

    public int? MaxRetries { get; init; }
}
