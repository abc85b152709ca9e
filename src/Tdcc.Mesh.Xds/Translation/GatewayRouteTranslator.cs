using Envoy.Config.Route.V3;
using Google.Protobuf.WellKnownTypes;
using Tdcc.Mesh.Xds.Translation.Model;

namespace Tdcc.Mesh.Xds.Translation;

/// <summary>
/// A gateway's RouteConfiguration: one virtual host per service port, named and matched by
/// <c>&lt;svc&gt;.&lt;ns&gt;.svc.clusterset.local:&lt;port&gt;</c>. The bare host (no port) belongs to the service's lowest
/// port only, so no domain appears twice in the configuration (Envoy rejects duplicates). Every path goes to the
/// port's cluster. The route timeout is the service's, or none at all: Envoy's 15 s default would cut long gRPC streams.
/// </summary>
internal static class GatewayRouteTranslator
{
    /// <summary>Routes for <paramref name="services"/>; <paramref name="clusterName"/> names the target cluster of a port.</summary>
    public static RouteConfiguration Build(
        string name,
        IEnumerable<ServiceModel> services,
        Func<ServiceModel, ServicePortModel, string> clusterName,
        bool retries)
    {
        var routes = new RouteConfiguration { Name = name };
        foreach (var service in services)
        {
            var host = ServiceNames.Host(service.Namespace, service.Name);
            var ports = ServicePorts.Served(service).ToList();
            if (ports.Count == 0)
            {
                continue;
            }

            var barePort = ports.Min(port => port.Port);
            var policy = retries || service.TrafficPolicy is null ? service.TrafficPolicy : service.TrafficPolicy with { Retries = null };
            foreach (var port in ports)
            {
                var hostPort = ServiceNames.ForPort(service.Namespace, service.Name, port.Port);
                var action = RouteTranslator.Action(clusterName(service, port), policy);
                action.Timeout ??= Duration.FromTimeSpan(TimeSpan.Zero);
                var virtualHost = new VirtualHost
                {
                    Name = hostPort,
                    Domains = { hostPort },
                    Routes = { new Route { Match = new RouteMatch { Prefix = "/" }, Route_ = action } },
                };
                if (port.Port == barePort)
                {
                    virtualHost.Domains.Add(host);
                }

                routes.VirtualHosts.Add(virtualHost);
            }
        }

        return routes;
    }
}
