namespace Tdcc.Mesh.Xds.Translation.Model;

/// <summary>Where a member cluster runs.</summary>
public sealed record ClusterLocalityModel(string Cluster, string Region, string Zone);
