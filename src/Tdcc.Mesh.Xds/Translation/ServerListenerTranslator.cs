using Envoy.Config.Core.V3;
using Envoy.Config.Listener.V3;
using Envoy.Config.Route.V3;
using Google.Protobuf.WellKnownTypes;

namespace Tdcc.Mesh.Xds.Translation;

/// <summary>
/// The Listeners xDS-enabled gRPC servers of a cluster ask for (gRFC A36): one per endpoint address and port of the
/// services the cluster exports, ready or not (a server opens its port only once it has its listener, so a pod whose
/// readiness depends on that port would otherwise never become ready), named by <see cref="ServerListenerNames"/>, with that socket address and one
/// default filter chain whose HttpConnectionManager carries its routes inline: a single virtual host for every
/// authority (<c>*</c>) whose route is a <c>non_forwarding_action</c> (a server handles the call itself), then the
/// router filter. A server serves only once it has a valid listener, and stops taking connections when it is removed.
/// </summary>
internal static class ServerListenerTranslator
{
    private const string RouteName = "inbound";

    /// <summary>The listeners of <paramref name="cluster"/>'s endpoints, one per address and port (the first service wins).</summary>
    public static IEnumerable<Listener> ForCluster(ModelIndex index, string cluster)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var service in index.Services)
        {
            var sets = index.EndpointsOf(service, cluster).ToList();
            if (sets.Count == 0)
            {
                continue;
            }

            foreach (var servicePort in ServicePorts.Served(service))
            {
                foreach (var set in sets)
                {
                    if (ServicePorts.EndpointPort(servicePort, set.Ports) is not { } port)
                    {
                        continue;
                    }

                    foreach (var address in set.Endpoints.SelectMany(endpoint => endpoint.Addresses))
                    {
                        var name = ServerListenerNames.For(address, port);
                        if (seen.Add(name))
                        {
                            yield return Build(name, address, port);
                        }
                    }
                }
            }
        }
    }

    public static Listener Build(string name, string address, int port)
    {
        var routes = new RouteConfiguration
        {
            Name = RouteName,
            VirtualHosts =
            {
                new VirtualHost
                {
                    Name = RouteName,
                    Domains = { "*" },
                    Routes = { new Route { Match = new RouteMatch { Prefix = "/" }, NonForwardingAction = new NonForwardingAction() } },
                },
            },
        };
        return new Listener
        {
            Name = name,
            Address = new Address { SocketAddress = new SocketAddress { Address = address, PortValue = (uint)port } },
            TrafficDirection = TrafficDirection.Inbound,
            DefaultFilterChain = new FilterChain
            {
                Name = RouteName,
                Filters =
                {
                    new Filter
                    {
                        Name = HttpConnectionManagers.FilterName,
                        TypedConfig = Any.Pack(HttpConnectionManagers.WithInlineRoutes(RouteName, routes)),
                    },
                },
            },
        };
    }
}
