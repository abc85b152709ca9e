namespace Tdcc.Mesh.MeshModel;

/// <summary>
/// The clusterset as the translation sees it: exported services, their endpoints per source cluster, and where each
/// cluster is. Plain data, produced by the MCS controllers.
/// </summary>
public sealed record ClusterSetModel(
    IReadOnlyList<ServiceModel> Services,
    IReadOnlyList<ServiceEndpointsModel> Endpoints,
    IReadOnlyList<ClusterLocalityModel> Localities);
