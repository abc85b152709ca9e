using Envoy.Config.Core.V3;
using Envoy.Config.Listener.V3;
using Envoy.Extensions.TransportSockets.Tls.V3;
using Google.Protobuf.WellKnownTypes;

namespace Tdcc.Mesh.Xds.Translation;

/// <summary>
/// The gateways' socket listeners: one filter chain whose only network filter is an HttpConnectionManager taking its
/// routes from RDS over ADS. The east-west listener terminates mTLS with the cluster's gateway certificate and the
/// clusterset trust bundle, both fetched over SDS (ADS) by name (<see cref="SecretNames"/>); the ingress listener is
/// plaintext.
/// </summary>
internal static class GatewayListenerTranslator
{
    /// <summary>The transport socket name of Envoy's TLS implementation.</summary>
    public const string TlsTransportSocketName = "envoy.transport_sockets.tls";

    /// <summary>
    /// The east-west tunnel listener, carrying <paramref name="metadata"/> (the peers, <see cref="GatewayPeers"/>); with
    /// <paramref name="rbac"/> its HttpConnectionManager runs the RBAC filter before the router (network policies,
    /// <see cref="AccessPolicyTranslator"/>).
    /// </summary>
    public static Listener EastWest(string cluster, GatewayOptions options, Metadata? metadata = null, bool rbac = false)
    {
        var listener = Build(GatewayNames.EastWest, options.ListenAddress, options.EastWestPort, MutualTls(cluster), rbac);
        if (metadata is not null)
        {
            listener.Metadata = metadata;
        }

        return listener;
    }

    public static Listener Ingress(GatewayOptions options) =>
        Build(GatewayNames.Ingress, options.ListenAddress, options.IngressPort, transportSocket: null);

    private static Listener Build(string name, string address, int port, TransportSocket? transportSocket, bool rbac = false)
    {
        var manager = HttpConnectionManagers.WithRds(name, name);
        if (rbac)
        {
            manager.HttpFilters.Insert(0, AccessPolicyTranslator.HttpFilter());
        }

        var chain = new FilterChain
        {
            Name = name,
            Filters =
            {
                new Filter
                {
                    Name = HttpConnectionManagers.FilterName,
                    TypedConfig = Any.Pack(manager),
                },
            },
        };
        if (transportSocket is not null)
        {
            chain.TransportSocket = transportSocket;
        }

        return new Listener
        {
            Name = name,
            Address = new Address { SocketAddress = new SocketAddress { Address = address, PortValue = (uint)port } },
            FilterChains = { chain },
        };
    }

    private static TransportSocket MutualTls(string cluster)
    {
        var context = new DownstreamTlsContext
        {
            RequireClientCertificate = true,
            CommonTlsContext = new CommonTlsContext
            {
                AlpnProtocols = { "h2", "http/1.1" },
                TlsCertificateSdsSecretConfigs = { new SdsSecretConfig { Name = SecretNames.GatewayCertificate(cluster), SdsConfig = XdsConfigSources.Ads() } },
                ValidationContextSdsSecretConfig = new SdsSecretConfig { Name = SecretNames.TrustBundle, SdsConfig = XdsConfigSources.Ads() },
            },
        };
        return new TransportSocket { Name = TlsTransportSocketName, TypedConfig = Any.Pack(context) };
    }
}
