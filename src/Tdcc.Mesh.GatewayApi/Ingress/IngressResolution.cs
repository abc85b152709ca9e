using Tdcc.Mesh.GatewayApi.Api;
using Tdcc.Mesh.MeshModel.Ingress;

namespace Tdcc.Mesh.GatewayApi.Ingress;

/// <summary>
/// What <see cref="IngressResolver"/> makes of a cluster: the configuration for the data path and the statuses to
/// write. Each status list holds only the objects whose status differs from the one read (conditions keep their
/// <c>lastTransitionTime</c> while their status is unchanged).
/// </summary>
/// <param name="Configuration">The listeners and their ordered rules.</param>
/// <param name="GatewayClasses">GatewayClasses of our controller with their new status.</param>
/// <param name="Gateways">Gateways of our classes with their new status.</param>
/// <param name="HttpRoutes">HTTPRoutes with their new status (our parent entries replaced, others kept).</param>
/// <param name="GrpcRoutes">GRPCRoutes with their new status.</param>
public sealed record IngressResolution(
    IngressConfiguration Configuration,
    IReadOnlyList<GatewayClass> GatewayClasses,
    IReadOnlyList<Gateway> Gateways,
    IReadOnlyList<HttpRoute> HttpRoutes,
    IReadOnlyList<GrpcRoute> GrpcRoutes);
