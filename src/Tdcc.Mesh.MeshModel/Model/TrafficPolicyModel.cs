namespace Tdcc.Mesh.MeshModel;

/// <summary>Optional traffic knobs of a service; anything null keeps the client's default.</summary>
/// <param name="Retries">Route retry policy.</param>
/// <param name="Timeout">Route timeout (and gRPC max stream duration).</param>
/// <param name="OutlierDetection">Cluster outlier detection.</param>
/// <param name="CircuitBreaker">Cluster circuit breaker thresholds (default priority).</param>
/// <param name="ClusterWeights">Locality weight per source cluster; default is the number of ready endpoints.</param>
/// <param name="LocalityFailover">True: the node's own cluster is priority 0 and the others priority 1; false: all priority 0.</param>
/// <param name="LoadBalancer">The cluster's lb_policy.</param>
public sealed record TrafficPolicyModel(
    RetryPolicyModel? Retries = null,
    TimeSpan? Timeout = null,
    OutlierDetectionModel? OutlierDetection = null,
    CircuitBreakerModel? CircuitBreaker = null,
    IReadOnlyDictionary<string, uint>? ClusterWeights = null,
    bool LocalityFailover = true,
    LoadBalancerKind LoadBalancer = LoadBalancerKind.RoundRobin);
