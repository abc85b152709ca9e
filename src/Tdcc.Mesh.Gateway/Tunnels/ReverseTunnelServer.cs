using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tdcc.Mesh.Gateway.Forwarding;
using Tdcc.Mesh.Gateway.Inbound;

namespace Tdcc.Mesh.Gateway.Tunnels;

/// <summary>
/// On a gateway behind NAT: Kestrel serving HTTP/2 (prior knowledge, no TLS: the reverse tunnel's CONNECT stream is
/// already inside the mutual-TLS connection) on the reverse tunnels it dialled, with the same inbound pipeline as the
/// tunnel listener (<see cref="InboundHandler"/>). Its transport is <see cref="ReverseListener"/>.
/// </summary>
internal sealed class ReverseTunnelServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ReverseListener _listener;

    private ReverseTunnelServer(WebApplication app, ReverseListener listener)
    {
        _app = app;
        _listener = listener;
    }

    public static async Task<ReverseTunnelServer> StartAsync(InboundHandler inbound, int maxStreams, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        var listener = new ReverseListener();
        var app = KestrelApp.Create(
            loggerFactory,
            kestrel =>
            {
                kestrel.Limits.Http2.MaxStreamsPerConnection = maxStreams;
                kestrel.AllowAlternateSchemes = true;
                kestrel.Limits.MaxRequestBodySize = null;
                kestrel.Limits.MinRequestBodyDataRate = null;
                kestrel.Limits.MinResponseDataRate = null;
                kestrel.Listen(listener.EndPoint, listen => listen.Protocols = HttpProtocols.Http2);
            },
            services => services.AddSingleton<IConnectionListenerFactory>(listener));
        app.Run(inbound.HandleAsync);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        return new ReverseTunnelServer(app, listener);
    }

    /// <summary>Serves the peer's requests on <paramref name="stream"/> until the connection ends.</summary>
    public Task ServeAsync(Stream stream, System.Security.Cryptography.X509Certificates.X509Certificate2 peerCertificate, CancellationToken cancellationToken) =>
        _listener.ServeAsync(stream, peerCertificate, cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => _app.StopAsync(cancellationToken);

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
