using System.Collections.Immutable;
using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Tdcc.Mesh.Gateway.Configuration;
using Tdcc.Mesh.Gateway.Identity;
using Tdcc.Mesh.Identity.Authority;

namespace Tdcc.Mesh.Gateway.Tests.Support;

/// <summary>
/// Gateways of several simulated clusters on loopback (cluster i's gateway on 127.10.0.(i+1)), with certificates from
/// one CA, each with every other one as a peer. Tests then give each its outbound and inbound ports.
/// </summary>
internal sealed class GatewayMesh : IAsyncDisposable
{
    private readonly List<Member> _members = [];
    private readonly HashSet<string> _behindNat = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Tdcc.Mesh.MeshModel.Ingress.IIngressConfigurationSource> _ingress = new(StringComparer.Ordinal);

    private GatewayMesh(MeshCertificateAuthority authority) => Authority = authority;

    public MeshCertificateAuthority Authority { get; }

    public static Task<GatewayMesh> StartAsync(params string[] clusters) => StartAsync(MeshCertificateAuthority.Create(), clusters);

    public static Task<GatewayMesh> StartAsync(MeshCertificateAuthority authority, params string[] clusters) => StartAsync(authority, new HashSet<string>(), clusters);

    /// <summary>
    /// As above; the gateways of <paramref name="behindNat"/> run with reverse tunnels and are given to the others
    /// without an address (nobody dials them), as the hub does for a member whose gateway reported none.
    /// </summary>
    public static async Task<GatewayMesh> StartAsync(MeshCertificateAuthority authority, IReadOnlySet<string> behindNat, params string[] clusters)
    {
        var mesh = new GatewayMesh(authority);
        mesh._behindNat.UnionWith(behindNat);
        for (var i = 0; i < clusters.Length; i++)
        {
            await mesh.AddAsync(clusters[i], i);
        }

        foreach (var member in mesh._members)
        {
            mesh.Configure(member.Cluster, [], []);
        }

        return mesh;
    }

    /// <summary>As <see cref="StartAsync(string[])"/>; the gateway of <paramref name="ingressCluster"/> also serves the ingress listeners of <paramref name="ingress"/> on its address.</summary>
    public static async Task<GatewayMesh> StartWithIngressAsync(string ingressCluster, Tdcc.Mesh.MeshModel.Ingress.IIngressConfigurationSource ingress, params string[] clusters)
    {
        var mesh = new GatewayMesh(MeshCertificateAuthority.Create());
        mesh._ingress[ingressCluster] = ingress;
        for (var i = 0; i < clusters.Length; i++)
        {
            await mesh.AddAsync(clusters[i], i);
        }

        foreach (var member in mesh._members)
        {
            mesh.Configure(member.Cluster, [], []);
        }

        return mesh;
    }

    public GatewayServer this[string cluster] => Get(cluster).Server;

    public IPAddress Address(string cluster) => Get(cluster).Address;

    public GatewayCredentials Credentials(string cluster) => Get(cluster).Credentials;

    public ImmutableArray<PeerGateway> PeersOf(string cluster) =>
        [.. _members.Where(m => m.Cluster != cluster).Select(m => new PeerGateway(m.Cluster, _behindNat.Contains(m.Cluster) ? null : m.Address.ToString(), m.Server.TunnelEndPoint.Port))];

    /// <summary>Sets the gateway's configuration and waits until its outbound listeners are the configured ones.</summary>
    public void Configure(string cluster, ImmutableArray<OutboundPort> outbound, ImmutableArray<InboundPort> inbound, ImmutableArray<PeerGateway>? peers = null)
    {
        var member = Get(cluster);
        member.Configuration.Set(new GatewayConfiguration
        {
            Cluster = cluster,
            Version = Guid.NewGuid().ToString("N"),
            Outbound = outbound,
            Inbound = inbound,
            Peers = peers ?? PeersOf(cluster),
        });
        var wanted = outbound.Select(o => o.ListenPort).Order().ToList();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!member.Server.Status.Listeners.Select(l => l.Port).SequenceEqual(wanted))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"gateway {cluster} did not apply its listeners {string.Join(",", wanted)}");
            }

            Thread.Sleep(10);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var member in _members)
        {
            await member.Server.DisposeAsync();
        }
    }

    public static GatewayCredentials CredentialsFrom(MeshCertificateAuthority authority, IssuedCertificate certificate)
    {
        var bundle = new System.Security.Cryptography.X509Certificates.X509Certificate2Collection(authority.CreateRootCertificate());
        return new GatewayCredentials(certificate.ToX509Certificate(), bundle, authority.TrustDomain);
    }

    /// <summary>Stops the gateway of <paramref name="cluster"/> (its connections close), then starts a new one with the same configuration and tunnel port.</summary>
    public async Task RestartAsync(string cluster, TimeSpan downFor)
    {
        var member = Get(cluster);
        var port = member.Server.TunnelEndPoint.Port;
        await member.Server.DisposeAsync();
        await Task.Delay(downFor);
        var server = await StartServerAsync(cluster, member.Address, port, member.Configuration, member.Credentials);
        _members[_members.IndexOf(member)] = member with { Server = server };
    }

    private Member Get(string cluster) => _members.Single(m => m.Cluster == cluster);

    private async Task AddAsync(string cluster, int index)
    {
        var address = TestAddresses.Gateway(index);
        var configuration = new StaticConfigurationSource();
        configuration.Set(new GatewayConfiguration { Cluster = cluster });
        var credentials = CredentialsFrom(Authority, Authority.IssueGateway(cluster));
        var server = await StartServerAsync(cluster, address, 0, configuration, credentials);
        _members.Add(new Member(cluster, address, configuration, credentials, server));
    }

    private Task<GatewayServer> StartServerAsync(string cluster, IPAddress address, int port, StaticConfigurationSource configuration, GatewayCredentials credentials) =>
        GatewayServer.StartAsync(
            new GatewayServerOptions
            {
                TunnelAddress = address,
                TunnelPort = port,
                OutboundAddress = address,
                IngressAddress = address,
                DrainTimeout = TimeSpan.FromSeconds(2),
                ReverseTunnels = _behindNat.Contains(cluster),
            },
            configuration,
            new StaticCredentialSource(credentials),
            _ingress.GetValueOrDefault(cluster),
            NullLoggerFactory.Instance,
            TimeProvider.System,
            CancellationToken.None);

    private sealed record Member(string Cluster, IPAddress Address, StaticConfigurationSource Configuration, GatewayCredentials Credentials, GatewayServer Server);
}
