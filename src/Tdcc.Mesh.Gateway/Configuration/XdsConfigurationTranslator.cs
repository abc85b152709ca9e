using System.Collections.Immutable;
using System.Globalization;
using Envoy.Config.Cluster.V3;
using Envoy.Config.Core.V3;
using Envoy.Config.Endpoint.V3;
using Envoy.Config.Listener.V3;
using Envoy.Config.Route.V3;
using Envoy.Extensions.Filters.Network.HttpConnectionManager.V3;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Tdcc.Mesh.MeshModel;
using Tdcc.Mesh.Xds.Client;
using RbacPerRoute = Envoy.Extensions.Filters.Http.Rbac.V3.RBACPerRoute;
using UpstreamHttpProtocolOptions = Envoy.Extensions.Upstreams.Http.V3.HttpProtocolOptions;

namespace Tdcc.Mesh.Gateway.Configuration;

/// <summary>
/// The east-west gateway's xDS view → <see cref="GatewayConfiguration"/>, a pure function following docs/gateway.md
/// "From xDS":
/// <list type="bullet">
/// <item>Each <c>outbound|&lt;listen port&gt;|&lt;svc&gt;.&lt;ns&gt;.svc.clusterset.local:&lt;port&gt;</c> listener is an
/// <see cref="OutboundPort"/>: the listen port from its address (else its name), the service from its name, <c>tcp_proxy</c>
/// → <see cref="GatewayProtocol.Tcp"/>, an HttpConnectionManager → the cluster's appProtocol hint
/// (<see cref="AppProtocolMetadataKey"/>), else HTTP/2 when the cluster has explicit HTTP/2 upstream options, else HTTP/1.1.</item>
/// <item>Its backends are the localities of the load assignment of <c>outbound|&lt;port&gt;|&lt;host&gt;</c>: the cluster
/// from <c>sub_zone</c> (or the endpoint metadata <see cref="ClusterMetadataKey"/>), <c>priority</c>,
/// <c>load_balancing_weight</c>; the own cluster's endpoints as addresses, another cluster's ready endpoints as its
/// healthy gateway endpoint's <c>load_balancing_weight</c>.</item>
/// <item>Its rules are the routes of its RouteConfiguration (one rule per route; a lone catch-all route to the port's
/// own cluster means no rules, its timeout and retries go to the policy); the cluster's outlier detection, circuit
/// breakers and load balancer make the rest of the <see cref="TrafficPolicyModel"/>.</item>
/// <item>Each <c>inbound|&lt;port&gt;|&lt;host&gt;</c> cluster with its load assignment is an <see cref="InboundPort"/>; the
/// RBAC of its virtual host in the east-west routes (network policies) is its <see cref="InboundPort.Access"/>.</item>
/// <item>The peers come from the <see cref="EastWestListener"/> listener's <c>filter_metadata["tdcc.io/peers"]</c>.</item>
/// </list>
/// What cannot be read (a malformed name or peer, an unsupported match, two ports on one listen port) throws
/// <see cref="FormatException"/> naming the resource: the view is rejected (NACKed) and the previous configuration kept.
/// </summary>
public static class XdsConfigurationTranslator
{
    /// <summary>The east-west listener (the tunnel port); its metadata lists the peers.</summary>
    public const string EastWestListener = "east-west-gateway";

    /// <summary>The SDS name of the clusterset's CA certificates.</summary>
    public const string TrustBundleSecret = "tdcc-mesh/trust-bundle";

    /// <summary>The east-west listener's filter metadata key with one Struct per peer cluster.</summary>
    public const string PeersMetadataKey = "tdcc.io/peers";

    /// <summary>The filter metadata key of an endpoint's cluster (a Struct; its <c>name</c> or first string field).</summary>
    public const string ClusterMetadataKey = "tdcc.io/cluster";

    /// <summary>An optional hint on a Cluster: filter metadata Struct with the service port's <c>appProtocol</c>.</summary>
    public const string AppProtocolMetadataKey = "tdcc.io/app-protocol";

    /// <summary>The HTTP filter name under which a virtual host carries its network policies (Envoy's RBAC filter).</summary>
    public const string RbacFilterName = "envoy.filters.http.rbac";

    private const string OutboundPrefix = "outbound";
    private const string InboundPrefix = "inbound";
    private const string TcpProxyFilterName = "envoy.filters.network.tcp_proxy";
    private const string TcpProxyTypeUrl = "type.googleapis.com/envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy";
    private const string HttpProtocolOptionsKey = "envoy.extensions.upstreams.http.v3.HttpProtocolOptions";

    /// <summary>Translates <paramref name="view"/> for the gateway of <paramref name="cluster"/>.</summary>
    /// <exception cref="FormatException">A resource the gateway needs cannot be read.</exception>
    public static GatewayConfiguration Translate(XdsView view, string cluster)
    {
        ArgumentNullException.ThrowIfNull(view);
        ArgumentException.ThrowIfNullOrEmpty(cluster);
        var outbound = new List<OutboundPort>();
        var listenPorts = new Dictionary<int, string>();
        foreach (var listener in view.Listeners.Values.Where(listener => listener.Name.StartsWith(OutboundPrefix + "|", StringComparison.Ordinal)).OrderBy(listener => listener.Name, StringComparer.Ordinal))
        {
            var port = Outbound(view, listener, cluster);
            if (!listenPorts.TryAdd(port.ListenPort, listener.Name))
            {
                throw new FormatException($"listeners {listenPorts[port.ListenPort]} and {listener.Name} both listen on port {port.ListenPort}");
            }

            outbound.Add(port);
        }

        var protocols = outbound.GroupBy(port => port.Service).ToDictionary(group => group.Key, group => group.First().Protocol);
        var access = Access(view);
        var inbound = view.Clusters.Values
            .Where(candidate => candidate.Name.StartsWith(InboundPrefix + "|", StringComparison.Ordinal))
            .OrderBy(candidate => candidate.Name, StringComparer.Ordinal)
            .Select(candidate => Inbound(view, candidate, protocols))
            .Select(port => access.TryGetValue(port.Service, out var rules) ? port with { Access = rules } : port);
        return new GatewayConfiguration
        {
            Cluster = cluster,
            Version = view.Version,
            Outbound = [.. outbound.OrderBy(port => port.ListenPort)],
            Inbound = [.. inbound],
            Peers = view.Listeners.TryGetValue(EastWestListener, out var eastWest) ? Peers(eastWest, cluster) : [],
        };
    }

    /// <summary>The PEM of the trust bundle secret's CA certificates, or null when the view has none.</summary>
    public static string? TrustBundlePem(XdsView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        if (!view.Secrets.TryGetValue(TrustBundleSecret, out var secret) || secret.ValidationContext?.TrustedCa is not { } source)
        {
            return null;
        }

        return source.SpecifierCase switch
        {
            DataSource.SpecifierOneofCase.InlineBytes => source.InlineBytes.ToStringUtf8(),
            DataSource.SpecifierOneofCase.InlineString => source.InlineString,
            _ => null,
        };
    }

    /// <summary>The name of the outbound Cluster and ClusterLoadAssignment of a service port.</summary>
    public static string OutboundClusterName(ServiceKey service) =>
        string.Create(CultureInfo.InvariantCulture, $"{OutboundPrefix}|{service.Port}|{service.Name}.{service.Namespace}{ServiceKey.DomainSuffix}");

    /// <summary>The name of the outbound Listener and RouteConfiguration of a service port on <paramref name="listenPort"/>.</summary>
    public static string OutboundListenerName(int listenPort, ServiceKey service) =>
        string.Create(CultureInfo.InvariantCulture, $"{OutboundPrefix}|{listenPort}|{service.Authority}");

    /// <summary>The name of the inbound Cluster and ClusterLoadAssignment of a service port.</summary>
    public static string InboundClusterName(ServiceKey service) =>
        string.Create(CultureInfo.InvariantCulture, $"{InboundPrefix}|{service.Port}|{service.Name}.{service.Namespace}{ServiceKey.DomainSuffix}");

    private static OutboundPort Outbound(XdsView view, Listener listener, string ownCluster)
    {
        var parts = listener.Name.Split('|');
        if (parts.Length != 3 || !TryPort(parts[1], out var namedPort) || !ServiceKey.TryParseAuthority(parts[2], out var service))
        {
            throw new FormatException($"listener {listener.Name}: not outbound|<listen port>|<svc>.<ns>.svc.clusterset.local:<port>");
        }

        var listenPort = listener.Address?.SocketAddress is { PortValue: > 0 and <= 65535 } socket ? (int)socket.PortValue : namedPort;
        var clusterName = OutboundClusterName(service);
        string? routeName = null;
        RouteConfiguration? inlineRoutes = null;
        var tcp = false;
        foreach (var filter in listener.FilterChains.SelectMany(chain => chain.Filters))
        {
            if (string.Equals(filter.TypedConfig?.TypeUrl, TcpProxyTypeUrl, StringComparison.Ordinal) || string.Equals(filter.Name, TcpProxyFilterName, StringComparison.Ordinal))
            {
                tcp = true;
                clusterName = TcpProxyCluster(filter.TypedConfig) ?? clusterName;
                break;
            }

            if (filter.TypedConfig is { } config && config.TryUnpack<HttpConnectionManager>(out var hcm))
            {
                routeName = hcm.RouteSpecifierCase == HttpConnectionManager.RouteSpecifierOneofCase.Rds ? hcm.Rds.RouteConfigName : null;
                inlineRoutes = hcm.RouteSpecifierCase == HttpConnectionManager.RouteSpecifierOneofCase.RouteConfig ? hcm.RouteConfig : null;
                break;
            }
        }

        if (!tcp && routeName is null && inlineRoutes is null)
        {
            throw new FormatException($"listener {listener.Name}: neither tcp_proxy nor an HttpConnectionManager");
        }

        view.Clusters.TryGetValue(clusterName, out var cluster);
        var backends = Backends(view, cluster, clusterName, ownCluster, listener.Name);
        var policy = ClusterPolicy(cluster);
        var protocol = tcp ? GatewayProtocol.Tcp : HttpProtocol(cluster);
        var rules = ImmutableArray<RouteRuleModel>.Empty;
        var routes = inlineRoutes ?? (routeName is not null && view.Routes.TryGetValue(routeName, out var found) ? found : null);
        if (!tcp && routes is not null)
        {
            var all = routes.VirtualHosts.SelectMany(host => host.Routes).ToList();
            if (all.Count == 1 && IsCatchAll(all[0], clusterName))
            {
                policy = WithRoutePolicy(policy, all[0].Route_);
            }
            else
            {
                rules = [.. all.Select((route, i) => Rule(route, i, routes.Name))];
            }
        }

        return new OutboundPort(service, listenPort, protocol, backends, policy, rules);
    }

    /// <summary>
    /// The network policies of the exported service ports: the <c>RBACPerRoute</c> under <see cref="RbacFilterName"/> in
    /// the <c>typed_per_filter_config</c> of each virtual host (named by its service port) of the east-west listener's routes.
    /// </summary>
    private static Dictionary<ServiceKey, InboundAccess> Access(XdsView view)
    {
        var result = new Dictionary<ServiceKey, InboundAccess>();
        if (!view.Listeners.TryGetValue(EastWestListener, out var listener))
        {
            return result;
        }

        var routeNames = listener.FilterChains
            .SelectMany(chain => chain.Filters)
            .Select(filter => filter.TypedConfig is { } config && config.TryUnpack<HttpConnectionManager>(out var hcm) && hcm.RouteSpecifierCase == HttpConnectionManager.RouteSpecifierOneofCase.Rds ? hcm.Rds.RouteConfigName : null)
            .OfType<string>();
        foreach (var routes in routeNames.Select(name => view.Routes.TryGetValue(name, out var found) ? found : null).OfType<RouteConfiguration>())
        {
            foreach (var host in routes.VirtualHosts)
            {
                if (!host.TypedPerFilterConfig.TryGetValue(RbacFilterName, out var any))
                {
                    continue;
                }

                var where = $"route configuration {routes.Name} virtual host {host.Name}";
                if (!ServiceKey.TryParseAuthority(host.Name, out var service))
                {
                    throw new FormatException($"{where}: an RBAC on a virtual host not named <svc>.<ns>.svc.clusterset.local:<port>");
                }

                if (!any.TryUnpack<RbacPerRoute>(out var perRoute))
                {
                    throw new FormatException($"{where}: {RbacFilterName} is not an RBACPerRoute");
                }

                if (perRoute.Rbac?.Rules is { } rules)
                {
                    result[service] = InboundAccess.From(rules, where);
                }
            }
        }

        return result;
    }

    private static InboundPort Inbound(XdsView view, Cluster cluster, Dictionary<ServiceKey, GatewayProtocol> outboundProtocols)
    {
        var parts = cluster.Name.Split('|');
        if (parts.Length != 3 || !TryPort(parts[1], out var port) || !ServiceKey.TryParseAuthority(parts[2] + ":" + parts[1], out var service))
        {
            throw new FormatException($"cluster {cluster.Name}: not inbound|<port>|<svc>.<ns>.svc.clusterset.local");
        }

        var assignmentName = EndpointsName(cluster);
        var endpoints = view.LoadAssignments.TryGetValue(assignmentName, out var assignment)
            ? assignment.Endpoints.SelectMany(locality => locality.LbEndpoints.Select(endpoint => Address(endpoint, locality.Locality, cluster.Name))).ToImmutableArray()
            : [];
        var protocol = AppProtocolHint(cluster) is { } hinted ? hinted
            : outboundProtocols.TryGetValue(service, out var outbound) ? outbound
            : HasHttp2(cluster) ? GatewayProtocol.Http2
            : GatewayProtocol.Tcp;
        _ = port;
        return new InboundPort(service, protocol, endpoints, ClusterPolicy(cluster));
    }

    private static ImmutableArray<BackendCluster> Backends(XdsView view, Cluster? cluster, string clusterName, string ownCluster, string listenerName)
    {
        var assignmentName = cluster is null ? clusterName : EndpointsName(cluster);
        if (!view.LoadAssignments.TryGetValue(assignmentName, out var assignment))
        {
            return [];
        }

        var backends = ImmutableArray.CreateBuilder<BackendCluster>(assignment.Endpoints.Count);
        foreach (var locality in assignment.Endpoints)
        {
            var name = ClusterOf(locality)
                ?? throw new FormatException($"load assignment {assignment.ClusterName} of {listenerName}: a locality without sub_zone or {ClusterMetadataKey} names no cluster");
            var weight = locality.LoadBalancingWeight ?? 1u;
            var priority = (int)locality.Priority;
            if (string.Equals(name, ownCluster, StringComparison.Ordinal))
            {
                var addresses = locality.LbEndpoints.Select(endpoint => Address(endpoint, locality.Locality, assignment.ClusterName)).ToImmutableArray();
                backends.Add(new BackendCluster(name, weight, priority, addresses.Count(address => address.Ready), addresses));
            }
            else
            {
                var ready = locality.LbEndpoints.Where(IsReady).Sum(endpoint => (long)(endpoint.LoadBalancingWeight ?? 1u));
                backends.Add(new BackendCluster(name, weight, priority, (int)Math.Min(ready, int.MaxValue), []));
            }
        }

        return backends.ToImmutable();
    }

    private static string? ClusterOf(LocalityLbEndpoints locality)
    {
        if (!string.IsNullOrEmpty(locality.Locality?.SubZone))
        {
            return locality.Locality.SubZone;
        }

        foreach (var endpoint in locality.LbEndpoints)
        {
            if (endpoint.Metadata?.FilterMetadata.TryGetValue(ClusterMetadataKey, out var value) == true)
            {
                var named = value.Fields.TryGetValue("name", out var field) && field.KindCase == Value.KindOneofCase.StringValue
                    ? field.StringValue
                    : value.Fields.Values.FirstOrDefault(candidate => candidate.KindCase == Value.KindOneofCase.StringValue)?.StringValue;
                if (!string.IsNullOrEmpty(named))
                {
                    return named;
                }
            }
        }

        return null;
    }

    private static EndpointAddress Address(LbEndpoint endpoint, Locality? locality, string resource)
    {
        var socket = endpoint.Endpoint?.Address?.SocketAddress;
        if (socket is null || string.IsNullOrEmpty(socket.Address) || socket.PortValue is 0 or > 65535)
        {
            throw new FormatException($"load assignment {resource}: an endpoint without a socket address and port");
        }

        var zone = string.IsNullOrEmpty(locality?.Zone) ? null : locality.Zone;
        return new EndpointAddress(socket.Address, (int)socket.PortValue, IsReady(endpoint), zone);
    }

    private static bool IsReady(LbEndpoint endpoint) => endpoint.HealthStatus is HealthStatus.Unknown or HealthStatus.Healthy;

    private static string EndpointsName(Cluster cluster) =>
        string.IsNullOrEmpty(cluster.EdsClusterConfig?.ServiceName) ? cluster.Name : cluster.EdsClusterConfig.ServiceName;

    private static GatewayProtocol HttpProtocol(Cluster? cluster) =>
        AppProtocolHint(cluster) is { } hinted && hinted != GatewayProtocol.Tcp ? hinted
        : HasHttp2(cluster) ? GatewayProtocol.Http2
        : GatewayProtocol.Http;

    private static bool HasHttp2(Cluster? cluster) =>
        cluster is not null
        && cluster.TypedExtensionProtocolOptions.TryGetValue(HttpProtocolOptionsKey, out var any)
        && any.TryUnpack<UpstreamHttpProtocolOptions>(out var options)
        && (options.ExplicitHttpConfig?.Http2ProtocolOptions is not null || options.UseDownstreamProtocolConfig?.Http2ProtocolOptions is not null);

    private static GatewayProtocol? AppProtocolHint(Cluster? cluster)
    {
        if (cluster?.Metadata?.FilterMetadata.TryGetValue(AppProtocolMetadataKey, out var hint) != true
            || !hint.Fields.TryGetValue("appProtocol", out var value)
            || value.KindCase != Value.KindOneofCase.StringValue)
        {
            return null;
        }

        return FromAppProtocol(value.StringValue);
    }

    /// <summary>docs/gateway.md "Contracts": none/tcp → Tcp, http and WebSockets → Http, h2c kinds → Http2, grpc → Grpc.</summary>
    private static GatewayProtocol FromAppProtocol(string appProtocol) => appProtocol.ToUpperInvariant() switch
    {
        "HTTP" or "KUBERNETES.IO/WS" or "KUBERNETES.IO/WSS" => GatewayProtocol.Http,
        "H2C" or "KUBERNETES.IO/H2C" or "HTTP2" => GatewayProtocol.Http2,
        "GRPC" => GatewayProtocol.Grpc,
        _ => GatewayProtocol.Tcp,
    };

    private static TrafficPolicyModel? ClusterPolicy(Cluster? cluster)
    {
        if (cluster is null)
        {
            return null;
        }

        OutlierDetectionModel? outlier = null;
        if (cluster.OutlierDetection is { } detection)
        {
            outlier = new OutlierDetectionModel(
                detection.Consecutive5Xx ?? 5,
                detection.Interval?.ToTimeSpan(),
                detection.BaseEjectionTime?.ToTimeSpan(),
                detection.MaxEjectionPercent ?? 10);
        }

        CircuitBreakerModel? breaker = null;
        if (cluster.CircuitBreakers?.Thresholds.FirstOrDefault(thresholds => thresholds.Priority == RoutingPriority.Default) is { } limits)
        {
            breaker = new CircuitBreakerModel(limits.MaxConnections, limits.MaxPendingRequests, limits.MaxRequests, limits.MaxRetries);
        }

        var ringHash = cluster.LbPolicy == Cluster.Types.LbPolicy.RingHash;
        return outlier is null && breaker is null && !ringHash
            ? null
            : new TrafficPolicyModel(OutlierDetection: outlier, CircuitBreaker: breaker, LoadBalancer: ringHash ? LoadBalancerKind.RingHash : LoadBalancerKind.RoundRobin);
    }

    private static bool IsCatchAll(Route route, string clusterName) =>
        route.Match is { PathSpecifierCase: RouteMatch.PathSpecifierOneofCase.Prefix, Prefix: "/" } match
        && match.Headers.Count == 0
        && route.Route_ is { ClusterSpecifierCase: RouteAction.ClusterSpecifierOneofCase.Cluster } action
        && string.Equals(action.Cluster, clusterName, StringComparison.Ordinal);

    private static TrafficPolicyModel? WithRoutePolicy(TrafficPolicyModel? policy, RouteAction action)
    {
        var timeout = Timeout(action);
        var retries = Retries(action);
        return timeout is null && retries is null ? policy : (policy ?? new TrafficPolicyModel()) with { Timeout = timeout, Retries = retries };
    }

    private static TimeSpan? Timeout(RouteAction action) =>
        action.Timeout?.ToTimeSpan() is { } timeout && timeout > TimeSpan.Zero ? timeout : null;

    private static RetryPolicyModel? Retries(RouteAction action)
    {
        if (action.RetryPolicy is not { } retry)
        {
            return null;
        }

        var model = new RetryPolicyModel(
            retry.NumRetries ?? 1,
            PerTryTimeout: retry.PerTryTimeout?.ToTimeSpan(),
            BaseInterval: retry.RetryBackOff?.BaseInterval?.ToTimeSpan(),
            MaxInterval: retry.RetryBackOff?.MaxInterval?.ToTimeSpan());
        return string.IsNullOrEmpty(retry.RetryOn) ? model : model with { RetryOn = retry.RetryOn };
    }

    private static RouteRuleModel Rule(Route route, int index, string routesName)
    {
        var where = $"route configuration {routesName} route {(string.IsNullOrEmpty(route.Name) ? index.ToString(CultureInfo.InvariantCulture) : route.Name)}";
        var name = string.IsNullOrEmpty(route.Name) ? $"route {index}" : route.Name;
        var match = Match(route.Match ?? new RouteMatch { Prefix = "/" }, where);
        switch (route.ActionCase)
        {
            case Route.ActionOneofCase.Route_:
                var action = route.Route_;
                IReadOnlyList<RouteBackendModel> backends = action.ClusterSpecifierCase switch
                {
                    RouteAction.ClusterSpecifierOneofCase.Cluster => [Backend(action.Cluster, 1, where)],
                    RouteAction.ClusterSpecifierOneofCase.WeightedClusters => [.. action.WeightedClusters.Clusters.Select(weighted => Backend(weighted.Name, weighted.Weight ?? 0, where))],
                    _ => throw new FormatException($"{where}: only cluster and weighted_clusters are supported"),
                };
                return new RouteRuleModel(name, [match], backends, Timeout(action), Retries(action));
            case Route.ActionOneofCase.DirectResponse:
                return new RouteRuleModel(name, [match], []);
            default:
                throw new FormatException($"{where}: only route and direct_response actions are supported");
        }
    }

    private static RouteBackendModel Backend(string clusterName, uint weight, string where)
    {
        var parts = clusterName.Split('|');
        if (parts.Length != 3 || !string.Equals(parts[0], OutboundPrefix, StringComparison.Ordinal) || !TryPort(parts[1], out _)
            || !ServiceKey.TryParseAuthority(parts[2] + ":" + parts[1], out var service))
        {
            throw new FormatException($"{where}: cluster {clusterName} is not outbound|<port>|<svc>.<ns>.svc.clusterset.local");
        }

        return new RouteBackendModel(service.Namespace, service.Name, service.Port, weight);
    }

    private static RouteMatchModel Match(RouteMatch match, string where)
    {
        PathMatchModel? path = match.PathSpecifierCase switch
        {
            RouteMatch.PathSpecifierOneofCase.Prefix when match.Prefix is "" or "/" => null,
            RouteMatch.PathSpecifierOneofCase.Prefix => new PathMatchModel(PathMatchKind.Prefix, match.Prefix),
            RouteMatch.PathSpecifierOneofCase.Path => new PathMatchModel(PathMatchKind.Exact, match.Path),
            RouteMatch.PathSpecifierOneofCase.SafeRegex => new PathMatchModel(PathMatchKind.RegularExpression, match.SafeRegex.Regex),
            RouteMatch.PathSpecifierOneofCase.None => null,
            _ => throw new FormatException($"{where}: path match {match.PathSpecifierCase} is not supported"),
        };
        var headers = match.Headers.Select(header => Header(header, where)).ToList();
        return new RouteMatchModel(path, headers.Count == 0 ? null : headers);
    }

    private static HeaderMatchModel Header(HeaderMatcher header, string where)
    {
        if (header.InvertMatch)
        {
            throw new FormatException($"{where}: inverted header match on {header.Name} is not supported");
        }

        return header.HeaderMatchSpecifierCase switch
        {
            HeaderMatcher.HeaderMatchSpecifierOneofCase.StringMatch when header.StringMatch.MatchPatternCase == Envoy.Type.Matcher.V3.StringMatcher.MatchPatternOneofCase.Exact
                => new HeaderMatchModel(header.Name, header.StringMatch.Exact),
            HeaderMatcher.HeaderMatchSpecifierOneofCase.StringMatch when header.StringMatch.MatchPatternCase == Envoy.Type.Matcher.V3.StringMatcher.MatchPatternOneofCase.SafeRegex
                => new HeaderMatchModel(header.Name, header.StringMatch.SafeRegex.Regex, HeaderMatchKind.RegularExpression),
            _ => throw new FormatException($"{where}: header match on {header.Name} is neither exact nor a regular expression"),
        };
    }

    private static ImmutableArray<PeerGateway> Peers(Listener eastWest, string ownCluster)
    {
        if (eastWest.Metadata?.FilterMetadata.TryGetValue(PeersMetadataKey, out var peers) != true)
        {
            return [];
        }

        var result = ImmutableArray.CreateBuilder<PeerGateway>(peers.Fields.Count);
        foreach (var (cluster, value) in peers.Fields.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            if (string.Equals(cluster, ownCluster, StringComparison.Ordinal))
            {
                continue;
            }

            if (value.KindCase != Value.KindOneofCase.StructValue)
            {
                throw new FormatException($"listener {eastWest.Name}: peer {cluster} is not a Struct");
            }

            var fields = value.StructValue.Fields;
            var port = fields.TryGetValue("port", out var portValue) ? PortOf(portValue) : null;
            if (port is null)
            {
                throw new FormatException($"listener {eastWest.Name}: peer {cluster} has no port in 1-65535");
            }

            result.Add(new PeerGateway(cluster, Text(fields, "address"), port.Value, Text(fields, "region"), Text(fields, "zone")));
        }

        return result.ToImmutable();
    }

    private static int? PortOf(Value value) => value.KindCase switch
    {
        Value.KindOneofCase.NumberValue when value.NumberValue is >= 1 and <= 65535 && value.NumberValue == Math.Floor(value.NumberValue) => (int)value.NumberValue,
        Value.KindOneofCase.StringValue when TryPort(value.StringValue, out var port) => port,
        _ => null,
    };

    private static string? Text(Google.Protobuf.Collections.MapField<string, Value> fields, string name) =>
        fields.TryGetValue(name, out var value) && value.KindCase == Value.KindOneofCase.StringValue && value.StringValue.Length > 0 ? value.StringValue : null;

    private static bool TryPort(string text, out int port) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out port) && port is >= 1 and <= 65535;

    /// <summary>The <c>cluster</c> field (2) of a TcpProxy, read from its bytes (the TcpProxy message is not among our compiled protos).</summary>
    private static string? TcpProxyCluster(Any? config)
    {
        if (config is null || !string.Equals(config.TypeUrl, TcpProxyTypeUrl, StringComparison.Ordinal))
        {
            return null;
        }

        try
        {
            var input = new CodedInputStream(config.Value.ToByteArray());
            uint tag;
            while ((tag = input.ReadTag()) != 0)
            {
                if (tag == WireFormat.MakeTag(2, WireFormat.WireType.LengthDelimited))
                {
                    var cluster = input.ReadString();
                    return cluster.Length == 0 ? null : cluster;
                }

                input.SkipLastField();
            }
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new FormatException($"a tcp_proxy config does not decode: {e.Message}", e);
        }

        return null;
    }
}
