namespace Tdcc.Mesh.MeshModel;

/// <summary>
/// Where a member cluster's east-west gateway is dialled: <paramref name="Address"/> (null or empty when no one can dial
/// it, behind NAT) and its tunnel <paramref name="Port"/>, as its agent reports on its ManagedCluster.
/// </summary>
public sealed record ClusterGatewayModel(string Cluster, string? Address, int Port = 15443);
