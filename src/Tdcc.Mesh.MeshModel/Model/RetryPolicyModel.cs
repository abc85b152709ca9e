namespace Tdcc.Mesh.MeshModel;

/// <summary>Route retries: how many, on which gRPC codes (Envoy retry_on names), and the backoff.</summary>
public sealed record RetryPolicyModel(
    uint NumRetries,
    string RetryOn = "unavailable,cancelled,resource-exhausted",
    TimeSpan? PerTryTimeout = null,
    TimeSpan? BaseInterval = null,
    TimeSpan? MaxInterval = null);
