namespace Tdcc.Mesh.MeshModel;

/// <summary>
/// The clusterset as the translation sees it: exported services, their endpoints per source cluster, and where each
/// cluster is, and where each member's east-west gateway is dialled. Plain data, produced by the MCS controllers.
/// </summary>
/// <param name="Services">The clusterset services.</param>
/// <param name="Endpoints">Each source cluster's endpoints of each service.</param>
/// <param name="Localities">Each member's region and zone.</param>
/// <param name="Gateways">Each member's east-west gateway (null: none known).</param>
public sealed record ClusterSetModel(
    IReadOnlyList<ServiceModel> Services,
    IReadOnlyList<ServiceEndpointsModel> Endpoints,
    IReadOnlyList<ClusterLocalityModel> Localities,
    IReadOnlyList<ClusterGatewayModel>? Gateways = null);
