using Envoy.Config.Route.V3;
using Google.Protobuf.WellKnownTypes;
using Tdcc.Mesh.MeshModel;

namespace Tdcc.Mesh.Xds.Translation;

/// <summary>
/// A gateway's RouteConfiguration: one virtual host per service port, named and matched by
/// <c>&lt;svc&gt;.&lt;ns&gt;.svc.clusterset.local:&lt;port&gt;</c>. The bare host (no port) belongs to the service's lowest
/// port only, so no domain appears twice in the configuration (Envoy rejects duplicates). A port without routing
/// rules sends every path to its cluster; a port with rules gets their routes (<see cref="RouteRuleTranslator"/>),
/// whose backends must be among <c>services</c> (else they are dropped) and go to the gateway's cluster of that
/// backend port; a rule left without backends answers 500 (<c>direct_response</c>). The route timeout is the rule's or
/// the service's, or none at all: Envoy's 15 s default would cut long gRPC streams.
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
        var serviceList = services.ToList();
        var byName = serviceList
            .GroupBy(service => (service.Namespace, service.Name))
            .ToDictionary(group => group.Key, group => group.First());
        var ruleTranslator = new RouteRuleTranslator(
            backend => byName.TryGetValue((backend.Namespace, backend.Service), out var target)
                && ServicePorts.Served(target).FirstOrDefault(port => port.Port == backend.Port) is { } targetPort
                    ? clusterName(target, targetPort)
                    : null,
            noBackendCluster: null,
            retries);
        var routes = new RouteConfiguration { Name = name };
        foreach (var service in serviceList)
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
                var virtualHost = new VirtualHost { Name = hostPort, Domains = { hostPort } };
                if (RouteRuleTranslator.RulesOf(service, port.Port) is { } rules)
                {
                    virtualHost.Routes.AddRange(ruleTranslator.Routes(rules, policy));
                }
                else
                {
                    virtualHost.Routes.Add(new Route { Match = new RouteMatch { Prefix = "/" }, Route_ = RouteTranslator.Action(clusterName(service, port), policy) });
                }

                foreach (var route in virtualHost.Routes.Where(route => route.Route_ is not null))
                {
                    route.Route_.Timeout ??= Duration.FromTimeSpan(TimeSpan.Zero);
                }

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
