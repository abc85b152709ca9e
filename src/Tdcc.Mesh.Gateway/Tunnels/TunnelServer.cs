using System.Net;
using System.Security.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Logging;
using Tdcc.Mesh.Gateway.Forwarding;
using Tdcc.Mesh.Gateway.Identity;
using Tdcc.Mesh.Gateway.Inbound;
using Tdcc.Mesh.Gateway.Logging;

namespace Tdcc.Mesh.Gateway.Tunnels;

/// <summary>
/// The tunnel listener: Kestrel, HTTP/2 only over TLS 1.3, a client certificate required and judged by
/// <see cref="PeerCertificateValidator"/>. The server certificate is read from the credential source on every
/// handshake, so a rotated certificate is used without a restart.
/// </summary>
internal sealed class TunnelServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TunnelServer(WebApplication app, IPEndPoint endPoint)
    {
        _app = app;
        EndPoint = endPoint;
    }

    public IPEndPoint EndPoint { get; }

    public static async Task<TunnelServer> StartAsync(
        IPEndPoint endPoint, IGatewayCredentialSource credentials, PeerCertificateValidator validator, InboundHandler inbound, int maxStreams, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        var logger = loggerFactory.CreateLogger<TunnelServer>();
        var app = KestrelApp.Create(loggerFactory, kestrel =>
        {
            kestrel.Limits.Http2.MaxStreamsPerConnection = maxStreams;

            // Peers speak HTTP/2 by prior knowledge inside their own TLS stream (TunnelClientPool), so :scheme says http.
            kestrel.AllowAlternateSchemes = true;
            kestrel.Limits.MaxRequestBodySize = null;
            kestrel.Limits.MinRequestBodyDataRate = null;
            kestrel.Limits.MinResponseDataRate = null;
            kestrel.Listen(endPoint, listen =>
            {
                listen.Protocols = HttpProtocols.Http2;
                listen.UseHttps(new HttpsConnectionAdapterOptions
                {
                    SslProtocols = SslProtocols.Tls13,
                    ClientCertificateMode = ClientCertificateMode.RequireCertificate,
                    CheckCertificateRevocation = false,
                    ServerCertificateSelector = (_, _) => credentials.Current?.Certificate,
                    ClientCertificateValidation = (certificate, chain, _) =>
                    {
                        var cluster = validator.Validate(certificate, chain, null, out var reason);
                        if (cluster is null)
                        {
                            GatewayLog.PeerRefused(logger, certificate.Subject, reason);
                        }

                        return cluster is not null;
                    },
                });
            });
        });
        app.Run(inbound.HandleAsync);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        return new TunnelServer(app, new IPEndPoint(endPoint.Address, KestrelApp.BoundPort(app)));
    }

    public Task StopAsync(CancellationToken cancellationToken) => _app.StopAsync(cancellationToken);

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
