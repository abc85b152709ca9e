namespace Tdcc.Mesh.MeshModel;

/// <summary>The load balancing policies the translation emits (both are accepted by gRPC xDS clients).</summary>
public enum LoadBalancerKind
{
    RoundRobin,
    RingHash,
}
