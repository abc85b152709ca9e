using Envoy.Config.Core.V3;
using Envoy.Config.Endpoint.V3;
using Envoy.Config.Listener.V3;
using Envoy.Config.Route.V3;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Tdcc.Mesh.MeshModel;
using TcpProxyFilter = Envoy.Extensions.Filters.Network.TcpProxy.V3.TcpProxy;

namespace Tdcc.Mesh.Xds.Translation;

/// <summary>
/// The outbound half of one cluster's east-west gateway view (docs/gateway.md, "From xDS"):
/// <list type="bullet">
/// <item>per imported service port with an allocated listen port (<see cref="ServicePortModel.GatewayPort"/>): a socket
/// Listener <see cref="GatewayNames.OutboundListener"/> on that port whose only filter is <c>tcp_proxy</c> to the port's
/// outbound cluster (TCP ports) or an HttpConnectionManager with RDS of the listener's name (HTTP kinds,
/// <see cref="GatewayAppProtocols"/>), and for the latter that RouteConfiguration: one virtual host for any authority
/// (the listen port already says which service) with the port's routing rules, whose backends are outbound clusters;
/// a listen port claimed twice is emitted once (the first service in order);</item>
/// <item>per served port of every clusterset service: the EDS Cluster <see cref="GatewayNames.OutboundCluster"/> and its
/// ClusterLoadAssignment, one LocalityLbEndpoints per serving cluster (region/zone, sub-zone = cluster), priority 0
/// for the own cluster and 1 for the others under locality failover (else all 0), locality weight = the
/// TrafficPolicy's cluster weight or 1 (weight 0: left out). The own cluster's endpoints are its ready pods; another
/// cluster's is one endpoint at its gateway's address and tunnel port, weight = its ready endpoints, with filter
/// metadata <see cref="GatewayNames.ClusterMetadataKey"/>; a cluster behind NAT (no address) gets that endpoint
/// without an address (metadata only: the sending gateway uses the reverse tunnel).</item>
/// </list>
/// </summary>
internal static class OutboundGatewayTranslator
{
    /// <summary>The network filter name Envoy gives <c>tcp_proxy</c>.</summary>
    public const string TcpProxyFilterName = "envoy.filters.network.tcp_proxy";

    public static IEnumerable<IMessage> Translate(ModelIndex index, string cluster, GatewayOptions options)
    {
        var listenPorts = new HashSet<int>();
        foreach (var service in index.Services)
        {
            foreach (var port in ServicePorts.Served(service))
            {
                if (port.GatewayPort is not { } listenPort || listenPort is < 1 or > 65535 || listenPort == options.EastWestPort || !listenPorts.Add(listenPort))
                {
                    continue;
                }

                var name = GatewayNames.OutboundListener(service.Namespace, service.Name, port.Port, listenPort);
                var target = GatewayNames.OutboundCluster(service.Namespace, service.Name, port.Port);
                if (GatewayAppProtocols.IsHttp(port.AppProtocol))
                {
                    yield return Listener(name, options.ListenAddress, listenPort, new Filter
                    {
                        Name = HttpConnectionManagers.FilterName,
                        TypedConfig = Any.Pack(HttpConnectionManagers.WithRds(name, name)),
                    });
                    yield return Routes(index, name, service, port, target);
                }
                else
                {
                    yield return Listener(name, options.ListenAddress, listenPort, new Filter
                    {
                        Name = TcpProxyFilterName,
                        TypedConfig = Any.Pack(new TcpProxyFilter { StatPrefix = name, Cluster = target }),
                    });
                }
            }
        }

        foreach (var service in index.Services)
        {
            foreach (var port in ServicePorts.Served(service))
            {
                var name = GatewayNames.OutboundCluster(service.Namespace, service.Name, port.Port);
                yield return UpstreamProtocolOptions.ForAppProtocol(ClusterTranslator.Build(name, service.TrafficPolicy), port.AppProtocol);
                yield return LoadAssignment(name, port, index.EndpointsOf(service), index, service.TrafficPolicy, cluster, options);
            }
        }
    }

    /// <summary>The outbound load assignment of one service port as <paramref name="cluster"/>'s gateway sees it.</summary>
    public static ClusterLoadAssignment LoadAssignment(
        string name,
        ServicePortModel servicePort,
        IEnumerable<ServiceEndpointsModel> endpointSets,
        ModelIndex index,
        TrafficPolicyModel? policy,
        string cluster,
        GatewayOptions options)
    {
        var groups = new List<(string Cluster, List<(string Address, int Port)> Ready)>();
        foreach (var set in endpointSets.GroupBy(set => set.SourceCluster, StringComparer.Ordinal).OrderBy(group => group.Key, StringComparer.Ordinal))
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var ready = new List<(string, int)>();
            foreach (var slice in set)
            {
                if (ServicePorts.EndpointPort(servicePort, slice.Ports) is not { } port)
                {
                    continue;
                }

                foreach (var endpoint in slice.Endpoints.Where(endpoint => endpoint.Ready))
                {
                    ready.AddRange(endpoint.Addresses.Where(seen.Add).Select(address => (address, port)));
                }
            }

            if (ready.Count > 0)
            {
                groups.Add((set.Key, ready));
            }
        }

        var localFirst = (policy?.LocalityFailover ?? true) && groups.Any(group => group.Cluster == cluster);
        var assignment = new ClusterLoadAssignment { ClusterName = name };
        foreach (var (source, ready) in groups)
        {
            var weight = policy?.ClusterWeights is { } weights && weights.TryGetValue(source, out var configured) ? configured : 1u;
            if (weight == 0)
            {
                continue;
            }

            index.Localities.TryGetValue(source, out var where);
            var locality = new LocalityLbEndpoints
            {
                Locality = new Locality { Region = where?.Region ?? string.Empty, Zone = where?.Zone ?? string.Empty, SubZone = source },
                LoadBalancingWeight = weight,
                Priority = localFirst && source != cluster ? 1u : 0u,
            };
            if (source == cluster)
            {
                locality.LbEndpoints.AddRange(ready.Select(endpoint => new LbEndpoint
                {
                    Endpoint = new Endpoint { Address = SocketAddress(endpoint.Address, endpoint.Port) },
                    HealthStatus = HealthStatus.Healthy,
                    LoadBalancingWeight = 1,
                }));
            }
            else
            {
                locality.LbEndpoints.Add(Peer(source, index.Gateways.GetValueOrDefault(source), ready.Count, options));
            }

            assignment.Endpoints.Add(locality);
        }

        return assignment;
    }

    /// <summary>Another cluster as one endpoint: its gateway (no address behind NAT), weighted by its ready endpoints.</summary>
    private static LbEndpoint Peer(string source, ClusterGatewayModel? gateway, int ready, GatewayOptions options)
    {
        var endpoint = new Endpoint();
        if (!string.IsNullOrEmpty(gateway?.Address))
        {
            endpoint.Address = SocketAddress(gateway.Address, gateway.Port is > 0 and <= 65535 ? gateway.Port : options.EastWestPort);
        }

        var metadata = new Struct();
        metadata.Fields[GatewayNames.ClusterMetadataField] = Value.ForString(source);
        return new LbEndpoint
        {
            Endpoint = endpoint,
            HealthStatus = HealthStatus.Healthy,
            LoadBalancingWeight = (uint)ready,
            Metadata = new Metadata { FilterMetadata = { [GatewayNames.ClusterMetadataKey] = metadata } },
        };
    }

    private static Address SocketAddress(string address, int port) =>
        new() { SocketAddress = new SocketAddress { Address = address, PortValue = (uint)port } };

    private static Listener Listener(string name, string address, int port, Filter filter) => new()
    {
        Name = name,
        Address = SocketAddress(address, port),
        FilterChains = { new FilterChain { Name = name, Filters = { filter } } },
    };

    /// <summary>
    /// One virtual host for any authority: the port's rules (backends resolve to outbound clusters of served ports,
    /// unresolved ones are dropped, a rule left without any answers 500), else every path to the port's own cluster.
    /// The route timeout is the rule's or the service's, else none (Envoy's 15 s default would cut long streams).
    /// </summary>
    private static RouteConfiguration Routes(ModelIndex index, string name, ServiceModel service, ServicePortModel port, string target)
    {
        var virtualHost = new VirtualHost { Name = name, Domains = { "*" } };
        if (RouteRuleTranslator.RulesOf(service, port.Port) is { } rules)
        {
            var ruleTranslator = new RouteRuleTranslator(
                backend => index.Service(backend.Namespace, backend.Service) is { } backendService
                    && ServicePorts.Served(backendService).Any(served => served.Port == backend.Port)
                        ? GatewayNames.OutboundCluster(backend.Namespace, backend.Service, backend.Port)
                        : null,
                noBackendCluster: null,
                retries: true);
            virtualHost.Routes.AddRange(ruleTranslator.Routes(rules, service.TrafficPolicy));
        }
        else
        {
            virtualHost.Routes.Add(new Route { Match = new RouteMatch { Prefix = "/" }, Route_ = RouteTranslator.Action(target, service.TrafficPolicy) });
        }

        foreach (var route in virtualHost.Routes.Where(route => route.Route_ is not null))
        {
            route.Route_.Timeout ??= Duration.FromTimeSpan(TimeSpan.Zero);
        }

        return new RouteConfiguration { Name = name, VirtualHosts = { virtualHost } };
    }
}
