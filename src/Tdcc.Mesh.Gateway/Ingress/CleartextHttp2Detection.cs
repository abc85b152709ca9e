using System.Buffers;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;

namespace Tdcc.Mesh.Gateway.Ingress;

/// <summary>
/// HTTP/1.1 and h2c (prior knowledge) on one cleartext port. Kestrel picks the protocol of a cleartext connection from
/// the endpoint alone (HTTP/1.1 when both are enabled) and answers an HTTP/2 preface with <c>HTTP_1_1_REQUIRED</c>; it
/// picks HTTP/2 when the connection's negotiated application protocol says <c>h2</c>. This connection middleware peeks
/// at the first bytes (consuming none): when they are the HTTP/2 connection preface, it marks the connection as having
/// negotiated <c>h2</c> (no TLS is involved; the request's scheme stays the client's <c>:scheme</c>, which the listener
/// allows), so Kestrel serves HTTP/2 on it.
/// </summary>
internal static class CleartextHttp2Detection
{
    private static readonly byte[] Preface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"u8.ToArray();
    private static readonly byte[] H2 = "h2"u8.ToArray();

    public static Func<ConnectionDelegate, ConnectionDelegate> Middleware => next => async connection =>
    {
        var input = connection.Transport.Input;
        while (true)
        {
            var result = await input.ReadAsync(connection.ConnectionClosed).ConfigureAwait(false);
            var buffer = result.Buffer;
            var length = (int)Math.Min(buffer.Length, Preface.Length);
            var head = buffer.Slice(0, length).ToArray();
            var stillPreface = head.AsSpan().SequenceEqual(Preface.AsSpan(0, length));
            if (!stillPreface || length == Preface.Length || result.IsCompleted)
            {
                input.AdvanceTo(buffer.Start);
                if (stillPreface && length == Preface.Length)
                {
                    var negotiated = new NegotiatedH2();
                    connection.Features.Set<ITlsConnectionFeature>(negotiated);
                    connection.Features.Set<ITlsApplicationProtocolFeature>(negotiated);
                }

                break;
            }

            input.AdvanceTo(buffer.Start, buffer.End);
        }

        await next(connection).ConfigureAwait(false);
    };

    /// <summary>"h2 was agreed" for Kestrel's protocol choice; there is no TLS and no client certificate.</summary>
    private sealed class NegotiatedH2 : ITlsConnectionFeature, ITlsApplicationProtocolFeature
    {
        public X509Certificate2? ClientCertificate { get; set; }

        public ReadOnlyMemory<byte> ApplicationProtocol => H2;

        public Task<X509Certificate2?> GetClientCertificateAsync(CancellationToken cancellationToken) => Task.FromResult<X509Certificate2?>(null);
    }
}
