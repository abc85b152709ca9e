namespace Tdcc.Mesh.MeshModel;

/// <summary>The endpoints one source cluster contributes to a service (an EndpointSlice's worth).</summary>
public sealed record ServiceEndpointsModel(
    string SourceCluster,
    string Namespace,
    string Service,
    IReadOnlyList<EndpointPortModel> Ports,
    IReadOnlyList<EndpointModel> Endpoints);
