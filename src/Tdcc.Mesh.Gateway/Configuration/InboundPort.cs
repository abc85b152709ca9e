using System.Collections.Immutable;
using Tdcc.Mesh.MeshModel;

namespace Tdcc.Mesh.Gateway.Configuration;

/// <summary>
/// A service port this cluster exports: a tunnelled request or CONNECT stream whose <c>:authority</c> names
/// <see cref="Service"/> is delivered to one of <see cref="Endpoints"/> (ready pods of this cluster only), unless
/// <see cref="Access"/> (the network policies governing it) denies it.
/// </summary>
public sealed record InboundPort(
    ServiceKey Service,
    GatewayProtocol Protocol,
    ImmutableArray<EndpointAddress> Endpoints,
    TrafficPolicyModel? Policy = null,
    InboundAccess? Access = null);
