using System.Collections.Immutable;

namespace Tdcc.Mesh.Gateway.Configuration;

/// <summary>
/// One cluster that serves an outbound service port. For the gateway's own cluster <see cref="Endpoints"/> are its
/// pods (delivered directly); for another cluster they are empty and the traffic goes through the tunnel to that
/// cluster's gateway (<see cref="PeerGateway"/>), which delivers to its own pods and never splits again.
/// </summary>
/// <param name="Cluster">The serving cluster.</param>
/// <param name="Weight">Its share when several clusters of the same <paramref name="Priority"/> serve (TrafficPolicy cluster weights; 1 by default).</param>
/// <param name="Priority">0 is tried first (the local cluster, or the policy's failover order); higher numbers only when no cluster of a lower one is healthy.</param>
/// <param name="ReadyEndpoints">How many ready endpoints the cluster has for the port (0: not a candidate).</param>
/// <param name="Endpoints">The pods, only for the gateway's own cluster.</param>
public sealed record BackendCluster(
    string Cluster,
    uint Weight,
    int Priority,
    int ReadyEndpoints,
    ImmutableArray<EndpointAddress> Endpoints);
