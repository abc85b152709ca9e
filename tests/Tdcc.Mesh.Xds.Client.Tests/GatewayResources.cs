using Envoy.Config.Cluster.V3;
using Envoy.Config.Core.V3;
using Envoy.Config.Endpoint.V3;
using Envoy.Config.Listener.V3;
using Envoy.Config.Route.V3;
using Envoy.Extensions.Filters.Network.HttpConnectionManager.V3;
using Envoy.Extensions.TransportSockets.Tls.V3;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Filter = Envoy.Config.Listener.V3.Filter;
using UpstreamHttpProtocolOptions = Envoy.Extensions.Upstreams.Http.V3.HttpProtocolOptions;

namespace Tdcc.Mesh.Xds.Client.Tests;

/// <summary>Hand-built resources in the shape docs/gateway.md "From xDS" gives the east-west gateway's view.</summary>
internal static class GatewayResources
{
    public const string TrustBundle = "tdcc-mesh/trust-bundle";
    public const string TrustBundlePem = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";

    public static ConfigSource Ads() => new() { Ads = new AggregatedConfigSource(), ResourceApiVersion = ApiVersion.V3 };

    /// <summary>The tunnel listener: mTLS with the trust bundle by SDS, the peers in its filter metadata.</summary>
    public static Listener EastWest(params (string Cluster, string Address, int Port, string Region, string Zone)[] peers)
    {
        var tls = new DownstreamTlsContext
        {
            RequireClientCertificate = true,
            CommonTlsContext = new CommonTlsContext { ValidationContextSdsSecretConfig = new SdsSecretConfig { Name = TrustBundle, SdsConfig = Ads() } },
        };
        var peerStruct = new Struct();
        foreach (var (cluster, address, port, region, zone) in peers)
        {
            peerStruct.Fields[cluster] = Value.ForStruct(new Struct
            {
                Fields =
                {
                    ["address"] = Value.ForString(address),
                    ["port"] = Value.ForNumber(port),
                    ["region"] = Value.ForString(region),
                    ["zone"] = Value.ForString(zone),
                },
            });
        }

        var listener = new Listener
        {
            Name = "east-west-gateway",
            Address = SocketAddressOf("0.0.0.0", 15443),
            FilterChains = { new FilterChain { TransportSocket = new TransportSocket { Name = "envoy.transport_sockets.tls", TypedConfig = Any.Pack(tls) } } },
            Metadata = new Metadata(),
        };
        listener.Metadata.FilterMetadata["tdcc.io/peers"] = peerStruct;
        return listener;
    }

    public static string Host(string ns, string name) => $"{name}.{ns}.svc.clusterset.local";

    public static string OutboundListenerName(int listenPort, string ns, string name, int port) => $"outbound|{listenPort}|{Host(ns, name)}:{port}";

    public static string OutboundCluster(string ns, string name, int port) => $"outbound|{port}|{Host(ns, name)}";

    public static string InboundCluster(string ns, string name, int port) => $"inbound|{port}|{Host(ns, name)}";

    /// <summary>An outbound TCP listener: tcp_proxy to the port's cluster (the TcpProxy message written by hand: stat_prefix=1, cluster=2).</summary>
    public static Listener OutboundTcp(int listenPort, string ns, string name, int port)
    {
        var listenerName = OutboundListenerName(listenPort, ns, name, port);
        var bytes = new MemoryStream();
        var output = new CodedOutputStream(bytes);
        output.WriteTag(1, WireFormat.WireType.LengthDelimited);
        output.WriteString(listenerName);
        output.WriteTag(2, WireFormat.WireType.LengthDelimited);
        output.WriteString(OutboundCluster(ns, name, port));
        output.Flush();
        var tcpProxy = new Any { TypeUrl = "type.googleapis.com/envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy", Value = ByteString.CopyFrom(bytes.ToArray()) };
        return new Listener
        {
            Name = listenerName,
            Address = SocketAddressOf("0.0.0.0", listenPort),
            FilterChains = { new FilterChain { Filters = { new Filter { Name = "envoy.filters.network.tcp_proxy", TypedConfig = tcpProxy } } } },
        };
    }

    /// <summary>An outbound HTTP listener: an HttpConnectionManager with RDS of the listener's name.</summary>
    public static Listener OutboundHttp(int listenPort, string ns, string name, int port)
    {
        var listenerName = OutboundListenerName(listenPort, ns, name, port);
        var hcm = new HttpConnectionManager { StatPrefix = listenerName, Rds = new Rds { RouteConfigName = listenerName, ConfigSource = Ads() } };
        return new Listener
        {
            Name = listenerName,
            Address = SocketAddressOf("0.0.0.0", listenPort),
            FilterChains = { new FilterChain { Filters = { new Filter { Name = "envoy.filters.network.http_connection_manager", TypedConfig = Any.Pack(hcm) } } } },
        };
    }

    /// <summary>The port's routes: one virtual host with <paramref name="routes"/>, or a catch-all to its own cluster.</summary>
    public static RouteConfiguration Routes(string listenerName, string ownCluster, params Route[] routes)
    {
        var host = new VirtualHost { Name = listenerName, Domains = { "*" } };
        if (routes.Length == 0)
        {
            host.Routes.Add(new Route { Match = new RouteMatch { Prefix = "/" }, Route_ = new RouteAction { Cluster = ownCluster, Timeout = Duration.FromTimeSpan(TimeSpan.FromSeconds(3)) } });
        }
        else
        {
            host.Routes.AddRange(routes);
        }

        return new RouteConfiguration { Name = listenerName, VirtualHosts = { host } };
    }

    public static Cluster EdsCluster(string name, bool http2 = false, string? appProtocol = null)
    {
        var cluster = new Cluster
        {
            Name = name,
            Type = Cluster.Types.DiscoveryType.Eds,
            EdsClusterConfig = new Cluster.Types.EdsClusterConfig { EdsConfig = Ads(), ServiceName = name },
            ConnectTimeout = Duration.FromTimeSpan(TimeSpan.FromSeconds(5)),
        };
        if (http2)
        {
            var options = new UpstreamHttpProtocolOptions { ExplicitHttpConfig = new UpstreamHttpProtocolOptions.Types.ExplicitHttpConfig { Http2ProtocolOptions = new Http2ProtocolOptions() } };
            cluster.TypedExtensionProtocolOptions["envoy.extensions.upstreams.http.v3.HttpProtocolOptions"] = Any.Pack(options);
        }

        if (appProtocol is not null)
        {
            cluster.Metadata = new Metadata();
            cluster.Metadata.FilterMetadata["tdcc.io/app-protocol"] = new Struct { Fields = { ["appProtocol"] = Value.ForString(appProtocol) } };
        }

        return cluster;
    }

    /// <summary>One locality of the own cluster: its pods.</summary>
    public static LocalityLbEndpoints Local(string cluster, uint priority, uint weight, params (string Ip, int Port, bool Ready)[] pods) => new()
    {
        Locality = new Locality { Region = "us-west", Zone = "us-west-2b", SubZone = cluster },
        Priority = priority,
        LoadBalancingWeight = weight,
        LbEndpoints =
        {
            pods.Select(pod => new LbEndpoint
            {
                Endpoint = new Endpoint { Address = SocketAddressOf(pod.Ip, pod.Port) },
                HealthStatus = pod.Ready ? HealthStatus.Healthy : HealthStatus.Unhealthy,
                LoadBalancingWeight = 1,
            }),
        },
    };

    /// <summary>One locality of another cluster: its gateway, weighted by its ready endpoints.</summary>
    public static LocalityLbEndpoints Remote(string cluster, uint priority, uint weight, string gateway, uint readyEndpoints)
    {
        var endpoint = new LbEndpoint
        {
            Endpoint = new Endpoint { Address = SocketAddressOf(gateway, 15443) },
            HealthStatus = HealthStatus.Healthy,
            LoadBalancingWeight = readyEndpoints,
            Metadata = new Metadata(),
        };
        endpoint.Metadata.FilterMetadata["tdcc.io/cluster"] = new Struct { Fields = { ["name"] = Value.ForString(cluster) } };
        return new LocalityLbEndpoints
        {
            Locality = new Locality { Region = "us-east", Zone = "us-east-1a", SubZone = cluster },
            Priority = priority,
            LoadBalancingWeight = weight,
            LbEndpoints = { endpoint },
        };
    }

    public static ClusterLoadAssignment Assignment(string name, params LocalityLbEndpoints[] localities) =>
        new() { ClusterName = name, Endpoints = { localities } };

    public static Secret TrustBundleSecret(string pem = TrustBundlePem) => new()
    {
        Name = TrustBundle,
        ValidationContext = new CertificateValidationContext { TrustedCa = new DataSource { InlineBytes = ByteString.CopyFromUtf8(pem) } },
    };

    /// <summary>
    /// A west gateway's view: peers east (dialable) and nat (behind NAT); echo:8080 (HTTP, on listen port 30001) served by
    /// west (priority 0) and east (priority 1); tcp-echo:9000 (TCP, 30002) only by east; echo:8080 exported by west.
    /// </summary>
    public static List<IMessage> WestView(uint eastReady = 3, string? trustPem = null)
    {
        var echo = OutboundCluster("demo", "echo", 8080);
        var tcpEcho = OutboundCluster("demo", "tcp-echo", 9000);
        var inbound = InboundCluster("demo", "echo", 8080);
        var httpListener = OutboundHttp(30001, "demo", "echo", 8080);
        return
        [
            EastWest(("east", "10.0.1.10", 15443, "us-east", "us-east-1a"), ("nat", string.Empty, 15443, "eu", "eu-1a"), ("west", "10.0.2.10", 15443, "us-west", "us-west-2b")),
            httpListener,
            Routes(httpListener.Name, echo),
            OutboundTcp(30002, "demo", "tcp-echo", 9000),
            EdsCluster(echo),
            Assignment(echo, Local("west", 0, 2, ("10.2.0.5", 8080, true), ("10.2.0.6", 8080, false)), Remote("east", 1, eastReady, "10.0.1.10", eastReady)),
            EdsCluster(tcpEcho),
            Assignment(tcpEcho, Remote("east", 0, 2, "10.0.1.10", 2)),
            EdsCluster(inbound),
            Assignment(inbound, Local("west", 0, 2, ("10.2.0.5", 8080, true))),
            TrustBundleSecret(trustPem ?? TrustBundlePem),
        ];
    }

    private static Address SocketAddressOf(string ip, int port) =>
        new() { SocketAddress = new SocketAddress { Address = ip, PortValue = (uint)port } };
}
