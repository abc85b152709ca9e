namespace Tdcc.Mesh.MeshModel;

/// <summary>Where a member cluster runs.</summary>
public sealed record ClusterLocalityModel(string Cluster, string Region, string Zone);
