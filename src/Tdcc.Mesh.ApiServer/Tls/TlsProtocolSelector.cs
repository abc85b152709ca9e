using System.IO.Pipelines;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Connections;
using Tdcc.Mesh.ApiServer.Http;

namespace Tdcc.Mesh.ApiServer.Tls;

/// <summary>
/// The secure port: a TLS handshake offering <c>h2</c> and <c>http/1.1</c> by ALPN, then the connection goes to the
/// HTTP/2 pipeline the <see cref="CleartextProtocolSelector"/> captured (ALPN h2) or on to the port's HTTP/1.1 one.
/// Kestrel's own HTTPS needs its hosting services, which this lightweight server does not build.
/// </summary>
internal sealed class TlsProtocolSelector(X509Certificate2 certificate, CleartextProtocolSelector pipelines)
{
    private static readonly TimeSpan HandshakeTimeout = TimeSpan.FromSeconds(10);

    public ConnectionDelegate Select(ConnectionDelegate http1) => connection => SelectAsync(connection, http1);

    private async Task SelectAsync(ConnectionContext connection, ConnectionDelegate http1)
    {
        var original = connection.Transport;
        var ssl = new SslStream(new DuplexPipeStream(original), leaveInnerStreamOpen: false);
        await using (ssl.ConfigureAwait(false))
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(connection.ConnectionClosed);
            timeout.CancelAfter(HandshakeTimeout);
            try
            {
                await ssl.AuthenticateAsServerAsync(
                    new SslServerAuthenticationOptions
                    {
                        ServerCertificate = certificate,
                        ApplicationProtocols = [SslApplicationProtocol.Http2, SslApplicationProtocol.Http11],
                        ClientCertificateRequired = false,
                        EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                    },
                    timeout.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is AuthenticationException or IOException or OperationCanceledException)
            {
                // A client that does not speak TLS, or gave up: nothing to serve.
                return;
            }

            var reader = PipeReader.Create(ssl, new StreamPipeReaderOptions(leaveOpen: true));
            var writer = PipeWriter.Create(ssl, new StreamPipeWriterOptions(leaveOpen: true));
            connection.Transport = new Pipe(reader, writer);
            try
            {
                var pipeline = ssl.NegotiatedApplicationProtocol == SslApplicationProtocol.Http2 && pipelines.Http2 is { } http2 ? http2 : http1;
                await pipeline(connection).ConfigureAwait(false);
            }
            finally
            {
                await reader.CompleteAsync().ConfigureAwait(false);
                await writer.CompleteAsync().ConfigureAwait(false);
                connection.Transport = original;
            }
        }
    }

    private sealed record Pipe(PipeReader Input, PipeWriter Output) : IDuplexPipe;
}
