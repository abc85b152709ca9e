using System.Collections.Concurrent;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using Tdcc.Mesh.Gateway.Configuration;
using Tdcc.Mesh.Gateway.Identity;
using Tdcc.Mesh.Gateway.Logging;
using Tdcc.Mesh.Gateway.Status;

namespace Tdcc.Mesh.Gateway.Tunnels;

/// <summary>
/// One pooled HTTP/2 client per peer gateway (several multiplexed connections when streams run out), presenting the
/// gateway's current certificate on every new connection and accepting the server only as that peer's gateway.
/// A peer's client is replaced when its address changes.
/// </summary>
internal sealed class TunnelClientPool(
    IGatewayCredentialSource credentials,
    PeerCertificateValidator validator,
    StatusTracker status,
    PeerHealth health,
    TimeSpan connectTimeout,
    ReverseTunnels reverse,
    ILogger logger) : IDisposable
{
    private readonly ConcurrentDictionary<string, TunnelClient> _clients = new(StringComparer.Ordinal);

    /// <summary>The client for <paramref name="peer"/>; behind NAT (no address) its reverse tunnel's, null when it holds none open.</summary>
    public TunnelClient? For(PeerGateway peer)
    {
        if (string.IsNullOrEmpty(peer.Address))
        {
            return reverse.For(peer.Cluster);
        }

        var prefix = new UriBuilder(Uri.UriSchemeHttp, peer.Address, peer.Port).Uri;
        while (true)
        {
            if (_clients.TryGetValue(peer.Cluster, out var existing))
            {
                if (existing.Prefix == prefix)
                {
                    return existing;
                }

                if (_clients.TryRemove(new KeyValuePair<string, TunnelClient>(peer.Cluster, existing)))
                {
                    existing.Dispose();
                }

                continue;
            }

            var created = new TunnelClient(peer.Cluster, prefix, new PeerDownHandler(peer.Cluster, health, CreateHandler(peer.Cluster)));
            if (_clients.TryAdd(peer.Cluster, created))
            {
                return created;
            }

            created.Dispose();
        }
    }

    /// <summary>Drops the clients of clusters that are no longer peers.</summary>
    public void Retain(IEnumerable<PeerGateway> peers)
    {
        var keep = peers.Select(p => p.Cluster).ToHashSet(StringComparer.Ordinal);
        foreach (var cluster in _clients.Keys)
        {
            if (!keep.Contains(cluster) && _clients.TryRemove(cluster, out var client))
            {
                client.Dispose();
            }
        }
    }

    public void Dispose()
    {
        foreach (var client in _clients.Values)
        {
            client.Dispose();
        }

        _clients.Clear();
    }

    private SocketsHttpHandler CreateHandler(string cluster) => new()
    {
        EnableMultipleHttp2Connections = true,
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
        ConnectTimeout = connectTimeout,
        AllowAutoRedirect = false,
        UseCookies = false,
        UseProxy = false,
        AutomaticDecompression = System.Net.DecompressionMethods.None,
        // A connection that went silent (a cut link) is dropped within seconds, so new streams get a fresh one.
        KeepAlivePingDelay = TimeSpan.FromSeconds(2),
        KeepAlivePingTimeout = TimeSpan.FromSeconds(2),
        ConnectCallback = async (context, cancellationToken) => await DialAsync(cluster, context.DnsEndPoint, cancellationToken).ConfigureAwait(false),
    };

    // TLS is done here rather than by the handler: the handler would take the request's Host (the service authority)
    // as the TLS server name and keep one pool per service; this way there is one pool per peer, the URI scheme is
    // http with HTTP/2 by prior knowledge inside the TLS stream, and each new connection presents the current certificate.
    // Also the reverse tunnels' dial (ReverseTunnelDialer): the same TLS, the same judgement of the peer.
    public async ValueTask<SslStream> DialAsync(string cluster, System.Net.DnsEndPoint endPoint, CancellationToken cancellationToken)
    {
        var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(endPoint, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is System.Net.Sockets.SocketException or OperationCanceledException)
        {
            socket.Dispose();
            status.Failed(cluster, e.Message);
            throw;
        }

        var certificate = credentials.Current?.Certificate;
        var tls = new SslStream(new System.Net.Sockets.NetworkStream(socket, ownsSocket: true), leaveInnerStreamOpen: false);
        try
        {
            await tls.AuthenticateAsClientAsync(
                new SslClientAuthenticationOptions
                {
                    TargetHost = cluster,
                    EnabledSslProtocols = SslProtocols.Tls13,
                    ApplicationProtocols = [SslApplicationProtocol.Http2],
                    ClientCertificates = certificate is null ? null : [certificate],
                    CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
                    RemoteCertificateValidationCallback = (_, server, chain, _) => ValidateServer(cluster, server, chain),
                },
                cancellationToken).ConfigureAwait(false);
            return tls;
        }
        catch
        {
            await tls.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private bool ValidateServer(string cluster, X509Certificate? certificate, X509Chain? chain)
    {
        var leaf = certificate as X509Certificate2 ?? (certificate is null ? null : new X509Certificate2(certificate));
        var accepted = validator.Validate(leaf, chain, cluster, out var reason);
        if (accepted is null)
        {
            GatewayLog.PeerRefused(logger, leaf?.Subject ?? "(none)", reason);
            status.Failed(cluster, "peer certificate refused: " + reason);
            return false;
        }

        status.Succeeded(cluster, TunnelDirection.Outbound, null, leaf!.NotAfter.ToUniversalTime());
        return true;
    }
}
