using Tdcc.Mesh.MeshModel;

namespace Tdcc.Mesh.GatewayApi.Mesh;

/// <summary>What <see cref="RouteResolver"/> made of the routes: rules per service port and a verdict per route.</summary>
/// <param name="Services">Per clusterset service with attached routes: its ports' rules, ports in ascending order.</param>
/// <param name="Verdicts">One verdict per route, in input order (GRPCRoutes first).</param>
public sealed record RouteResolution(IReadOnlyDictionary<ServiceId, IReadOnlyList<PortRoutesModel>> Services, IReadOnlyList<RouteVerdict> Verdicts)
{
    /// <summary>The port rules of one service; null when no route is attached to it.</summary>
    public IReadOnlyList<PortRoutesModel>? RoutesOf(string @namespace, string name) =>
        Services.GetValueOrDefault(new ServiceId(@namespace, name));
}
