using System.Collections.Immutable;
using Tdcc.Mesh.MeshModel;

namespace Tdcc.Mesh.Gateway.Configuration;

/// <summary>
/// An imported service port as the gateway serves it to its own cluster: clients reach <see cref="ListenPort"/> on the
/// gateway (the derived Service's EndpointSlice points there, MCS <c>Gateway</c> addressing), and the gateway picks a
/// backend cluster once (<see cref="Backends"/>, <see cref="Policy"/>, <see cref="Rules"/>).
/// </summary>
/// <param name="Service">The clusterset service port.</param>
/// <param name="ListenPort">The gateway's listener port allocated to this service port (unique in the clusterset).</param>
/// <param name="Protocol">How its traffic is carried.</param>
/// <param name="Backends">The clusters that serve it.</param>
/// <param name="Policy">Timeouts, retries, outlier detection, circuit breaking, failover; null for the defaults.</param>
/// <param name="Rules">HTTP/gRPC routing rules of the port (GAMMA routes), in precedence order; empty: every request to <see cref="Backends"/>.</param>
public sealed record OutboundPort(
    ServiceKey Service,
    int ListenPort,
    GatewayProtocol Protocol,
    ImmutableArray<BackendCluster> Backends,
    TrafficPolicyModel? Policy = null,
    ImmutableArray<RouteRuleModel> Rules = default);
